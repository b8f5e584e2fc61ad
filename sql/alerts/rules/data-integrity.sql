-- Alert rule data-integrity: the failures of the latest real (not dry) run of each checking job.
-- Subject 'verify-integrity': its findings that are failures (hash_missing, hash_mismatch,
-- audit_id_dangling; audit_id_purged and audit_trail_empty are reported, not failures) of the job
-- instance of its latest ended execution (integrity_findings). Subject 'scan-pii': the findings
-- of the latest scan (pii_scans). 0 for a job that never ran. Counts only, no personal data.
-- Parameters: none.
WITH latest_verify AS (
  SELECT e.job_instance_id
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
  WHERE i.job_name = 'verify-integrity'
    AND e.end_time IS NOT NULL AND e.status IN ('COMPLETED', 'FAILED')
    AND NOT EXISTS (SELECT 1 FROM batch_job_execution_params d
                    WHERE d.job_execution_id = e.job_execution_id
                      AND d.parameter_name = 'dryRun' AND d.parameter_value = 'true')
  ORDER BY e.end_time DESC, e.job_execution_id DESC
  LIMIT 1
)
SELECT 'verify-integrity' AS subject,
       (SELECT count(*) FROM integrity_findings f JOIN latest_verify l ON l.job_instance_id = f.job_instance_id
        WHERE f.finding IN ('hash_missing', 'hash_mismatch', 'audit_id_dangling')) AS value
UNION ALL
SELECT 'scan-pii',
       COALESCE((SELECT s.findings FROM pii_scans s ORDER BY s.scanned_at DESC, s.job_execution_id DESC LIMIT 1), 0);
