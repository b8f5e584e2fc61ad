-- partition-audit-logs' dry run: the rows of the plain audit_logs per tier and UTC month, as the
-- conversion will route them (a scan of the table; it writes nothing). Parameters: none.
SELECT audit_retention_tier(action) AS tier, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
       count(*) AS rows
FROM audit_logs
GROUP BY 1, 2
ORDER BY 1, 2;
