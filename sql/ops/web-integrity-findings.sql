-- The findings of the last verify-integrity instance that completed (dry runs excluded), by kind,
-- for the web page's compliance panel: one row per kind found, or one row with finding NULL and 0
-- when it found nothing; no row when no verify-integrity has completed. Ids and kinds only.
-- No parameters.
WITH last_verify AS (
  SELECT max(i.job_instance_id) AS job_instance_id
  FROM batch_job_instance i
  WHERE i.job_name = 'verify-integrity'
    AND EXISTS (SELECT 1 FROM batch_job_execution e
                 WHERE e.job_instance_id = i.job_instance_id AND e.status = 'COMPLETED')
    AND NOT EXISTS (SELECT 1 FROM batch_job_execution e JOIN batch_job_execution_params p USING (job_execution_id)
                     WHERE e.job_instance_id = i.job_instance_id AND p.parameter_name = 'dryRun'
                       AND p.parameter_value = 'true')
)
SELECT l.job_instance_id, f.finding, count(f.id) AS findings
FROM last_verify l
LEFT JOIN integrity_findings f ON f.job_instance_id = l.job_instance_id
WHERE l.job_instance_id IS NOT NULL
GROUP BY l.job_instance_id, f.finding
ORDER BY f.finding NULLS FIRST
