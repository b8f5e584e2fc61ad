-- The open findings (integrity_open_findings: found and not yet verified clean), by kind, with
-- whether the kind is an integrity failure (the others are reported): what status and the alert
-- count, whatever the last night's window was. Ids and kinds only. Parameters: none.
SELECT finding,
       finding IN ('hash_mismatch', 'audit_id_dangling', 'audit_id_duplicate') AS failure,
       count(*) AS findings
FROM integrity_open_findings
WHERE resolved_on IS NULL
GROUP BY finding
ORDER BY finding
