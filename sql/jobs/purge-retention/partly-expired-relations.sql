-- Where audit rows past their expiry may remain once whole months are dropped: on a partitioned
-- audit_logs, every leaf (defaults included) that could hold a row created more than its tier's
-- period before asOf (the partly expired month of each tier, and a wholly expired one kept because
-- a row in it is kept longer on purpose); on a plain audit_logs, the table itself; and
-- audit_logs_held, whose rows go once no hold covers them. Each is then
-- searched by keyset over id (its unique (id, created_at) index, or the primary key).
-- Parameters: asOf (date). Returns relation, tier ('' for the plain table).
SELECT l.leaf::TEXT AS relation, l.tier
FROM lifecycle_partition_leaves(CAST('audit_logs' AS REGCLASS)) l
JOIN lifecycle_retention_periods p ON p.tier = l.tier
WHERE (l.is_default OR l.range_from IS NULL
       OR l.range_from + make_interval(years => p.years) < CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC')
  AND (SELECT relkind FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) = 'p'
UNION ALL
SELECT 'audit_logs', ''
WHERE (SELECT relkind FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) = 'r'
UNION ALL
SELECT 'audit_logs_held', ''
ORDER BY 2, 1;
