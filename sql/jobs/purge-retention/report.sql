-- A dry run's report: exactly what a real run of the same asOf would remove, per table, tier and
-- partition (counts, not estimates: it reads the rows). A month whose bounds are wholly expired is
-- dropped only if every row in it is past its stored expiry (its held rows are kept aside in
-- audit_logs_held); otherwise its expired rows not held are deleted one by one, as the real run does.
-- Parameters: asOf (date), the history cutoff (date). Returns table_name, tier, relation, action, rows.
WITH p AS (SELECT CAST(? AS DATE) AS as_of, CAST(? AS DATE) AS history_cutoff),
cutoff AS (SELECT as_of, as_of::TIMESTAMP AT TIME ZONE 'UTC' AS at, history_cutoff FROM p),
leaves AS (
  SELECT l.leaf, l.tier,
         (l.range_to IS NOT NULL AND NOT l.is_default
          AND l.range_to + make_interval(years => r.years) <= (SELECT at FROM cutoff)) AS whole,
         (l.is_default OR l.range_from IS NULL
          OR l.range_from + make_interval(years => r.years) < (SELECT at FROM cutoff)) AS may_expire
  FROM lifecycle_partition_leaves(CAST('audit_logs' AS REGCLASS)) l
  JOIN lifecycle_retention_periods r ON r.tier = l.tier
), relations AS (
  SELECT leaf::TEXT AS relation, leaf AS oid, tier, whole FROM leaves WHERE may_expire
  UNION ALL
  SELECT 'audit_logs', CAST('audit_logs' AS REGCLASS), '', FALSE
  WHERE (SELECT relkind FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) = 'r'
), counted AS (
  SELECT relations.*, c.*
  FROM relations
  CROSS JOIN LATERAL (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE a.data_retention_expires_at < (SELECT at FROM cutoff)) AS expired,
           count(*) FILTER (WHERE lifecycle_held(a.resource_type, a.resource_id, (SELECT as_of FROM cutoff))) AS held,
           count(*) FILTER (WHERE a.data_retention_expires_at < (SELECT at FROM cutoff)
                              AND NOT lifecycle_held(a.resource_type, a.resource_id, (SELECT as_of FROM cutoff)))
             AS deletable
    FROM audit_logs a WHERE a.tableoid = relations.oid
  ) c
), held_table AS (
  SELECT count(*) AS deletable FROM audit_logs_held a
  WHERE a.data_retention_expires_at < (SELECT at FROM cutoff)
    AND NOT lifecycle_held(a.resource_type, a.resource_id, (SELECT as_of FROM cutoff))
)
SELECT 'audit_logs' AS table_name, tier, relation, 'partition dropped' AS action, total - held AS rows
FROM counted WHERE whole AND total = expired
UNION ALL
SELECT 'audit_logs', tier, relation, 'rows kept by holds', held
FROM counted WHERE whole AND total = expired AND held > 0
UNION ALL
SELECT 'audit_logs', tier, relation, 'rows deleted', deletable
FROM counted WHERE NOT (whole AND total = expired) AND deletable > 0
UNION ALL
SELECT 'audit_logs', '', 'audit_logs_held', 'rows deleted', deletable FROM held_table WHERE deletable > 0
UNION ALL
SELECT 'booking_history', '', 'booking_history', 'rows deleted', count(*)
FROM booking_history
WHERE check_out_date < (SELECT history_cutoff FROM cutoff)
  AND NOT lifecycle_held('BOOKING', original_booking_id, (SELECT as_of FROM cutoff))
HAVING count(*) > 0
ORDER BY 1, 2, 4, 3;
