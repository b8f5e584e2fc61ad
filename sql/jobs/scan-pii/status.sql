-- What scan-pii adds to the status dashboard (the seed's "anonymization status", with
-- anonymize-guests' figures): the personal data left past the limit after the last real scan, the
-- rows of every finding still open then (whichever night found it: a finding stays open until its
-- rows are scanned clean; 0 is clean), named with its asOf, or that no scan has run; and, once a
-- scan of this version ran, how many nights before its asOf every booking in scope had last been
-- scanned whole, against the rescan-within-nights it applied (jobs/scan-pii.yml).
-- Exact whatever the parameter (stored figures, nothing to estimate).
-- Parameter: exact (BOOLEAN; unused).
WITH last_scan AS (
  SELECT s.*
  FROM (SELECT CAST(? AS BOOLEAN) AS exact) p
  LEFT JOIN LATERAL (SELECT * FROM pii_scans ORDER BY scanned_at DESC, job_execution_id DESC LIMIT 1) s ON TRUE
)
SELECT 'PII left past the limit (last scan'
         || COALESCE(', asOf ' || s.as_of || ', execution ' || s.job_execution_id, ': none yet') || ')' AS figure,
       COALESCE(s.findings, 0) AS row_count, FALSE AS estimated
FROM last_scan s
UNION ALL
SELECT 'PII scan: nights since every booking in scope was last scanned (last scan, asOf ' || s.as_of
         || ', ' || s.mode || ', rescan within ' || s.rescan_within || ' nights'
         || CASE WHEN s.covered_since IS NULL THEN '; some never scanned whole yet' ELSE '' END || ')',
       COALESCE(s.as_of - s.covered_since, 0), FALSE
FROM last_scan s
WHERE s.rescan_within IS NOT NULL
