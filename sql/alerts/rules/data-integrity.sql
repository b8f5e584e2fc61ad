-- Alert rule data-integrity. Subject 'verify-integrity': its open findings that are failures
-- (hash_missing, hash_mismatch, audit_id_dangling, audit_id_duplicate; audit_id_purged and
-- audit_trail_empty are reported, not failures), open meaning found by a real night and not yet
-- verified clean (integrity_open_findings): a night re-verifies only its share of history, so a
-- failure found on an earlier night stays counted whatever the last night covered, until a night
-- verifies its row clean. Dry runs never open or resolve one. Subject 'scan-pii': the findings of
-- the latest scan (pii_scans). 0 for a job that never ran. Counts only, no personal data.
-- Parameters: none.
SELECT 'verify-integrity' AS subject,
       (SELECT count(*) FROM integrity_open_findings f
        WHERE f.resolved_on IS NULL
          AND f.finding IN ('hash_missing', 'hash_mismatch', 'audit_id_dangling', 'audit_id_duplicate')) AS value
UNION ALL
SELECT 'scan-pii',
       COALESCE((SELECT s.findings FROM pii_scans s ORDER BY s.scanned_at DESC, s.job_execution_id DESC LIMIT 1), 0)
