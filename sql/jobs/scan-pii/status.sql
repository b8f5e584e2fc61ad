-- What scan-pii adds to the status dashboard (the seed's "anonymization status", with
-- anonymize-guests' figures): the personal data the last real scan found left past the limit (the
-- sum of its findings' row counts; 0 is clean), named with its asOf, or that no scan has run.
-- Exact whatever the parameter (a stored figure, nothing to estimate).
-- Parameter: exact (BOOLEAN; unused).
SELECT 'PII left past the limit (last scan'
         || COALESCE(', asOf ' || s.as_of || ', execution ' || s.job_execution_id, ': none yet') || ')' AS figure,
       COALESCE(s.findings, 0) AS row_count, FALSE AS estimated
FROM (SELECT CAST(? AS BOOLEAN) AS exact) p
LEFT JOIN LATERAL (SELECT * FROM pii_scans ORDER BY scanned_at DESC, job_execution_id DESC LIMIT 1) s ON TRUE;
