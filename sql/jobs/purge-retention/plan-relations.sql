-- purge-retention's dry run, first: the relations a real run of the same day would touch, each with
-- whether its bounds are wholly expired (a month: dropped if every row in it is past its expiry);
-- on a plain audit_logs, the table itself. Each is then counted on its own (plan-count.sql), so the
-- dry run reads every relation once. Parameters: the purge day (date). Returns relation, tier, whole.
WITH cutoff AS (SELECT CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC' AS at)
SELECT l.leaf::TEXT AS relation, l.tier,
       (l.range_to IS NOT NULL AND NOT l.is_default
        AND l.range_to + make_interval(years => r.years) <= (SELECT at FROM cutoff)) AS whole
FROM lifecycle_partition_leaves(CAST('audit_logs' AS REGCLASS)) l
JOIN lifecycle_retention_periods r ON r.tier = l.tier
WHERE l.is_default OR l.range_from IS NULL
   OR l.range_from + make_interval(years => r.years) < (SELECT at FROM cutoff)
UNION ALL
SELECT 'audit_logs', '', FALSE
WHERE (SELECT relkind FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) = 'r'
UNION ALL
SELECT 'audit_logs_held', '', FALSE
ORDER BY 2, 1;
