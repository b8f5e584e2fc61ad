-- A dry run's report: exactly what a real run of the same asOf would remove, per table, tier and
-- partition (counts, not estimates: it reads the rows). A month whose bounds are wholly expired is
-- dropped only if every row in it is past its stored expiry; otherwise its expired rows are deleted
-- one by one, as the real run does. Parameters: asOf (date), asOf (date), the history cutoff (date).
-- Returns table_name, tier, relation, action, rows.
WITH cutoff AS (SELECT CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC' AS at),
leaves AS (
  SELECT l.leaf, l.tier, l.is_default,
         (l.range_to IS NOT NULL AND NOT l.is_default
          AND l.range_to + make_interval(years => p.years) <= (SELECT at FROM cutoff)) AS whole,
         (l.is_default OR l.range_from IS NULL
          OR l.range_from + make_interval(years => p.years) < (SELECT at FROM cutoff)) AS may_expire
  FROM lifecycle_partition_leaves(CAST('audit_logs' AS REGCLASS)) l
  JOIN lifecycle_retention_periods p ON p.tier = l.tier
), counted AS (
  SELECT leaves.*, c.total, c.expired
  FROM leaves
  CROSS JOIN LATERAL (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE a.data_retention_expires_at < (SELECT at FROM cutoff)) AS expired
    FROM audit_logs a WHERE a.tableoid = leaves.leaf
  ) c
  WHERE leaves.may_expire
)
SELECT 'audit_logs' AS table_name, tier, leaf::TEXT AS relation,
       CASE WHEN whole AND total = expired THEN 'partition dropped' ELSE 'rows deleted' END AS action,
       CASE WHEN whole AND total = expired THEN total ELSE expired END AS rows
FROM counted
WHERE (whole AND total = expired) OR expired > 0
UNION ALL
SELECT 'audit_logs', COALESCE(audit_retention_tier(action), ''), 'audit_logs', 'rows deleted', count(*)
FROM audit_logs
WHERE (SELECT relkind FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) = 'r'
  AND data_retention_expires_at < CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC'
GROUP BY 2
UNION ALL
SELECT 'booking_history', '', 'booking_history', 'rows deleted', count(*)
FROM booking_history WHERE check_out_date < ?
HAVING count(*) > 0
ORDER BY 1, 2, 4, 3;
