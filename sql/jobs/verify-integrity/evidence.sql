-- What `show` prints for a verify-integrity execution: the findings recorded for its job instance,
-- per kind (evidence kept in integrity_findings, which outlives the pruned job history).
-- Parameter: job instance id.
SELECT finding AS kind, count(*) AS rows
FROM integrity_findings
WHERE job_instance_id = ?
GROUP BY finding
ORDER BY finding;
