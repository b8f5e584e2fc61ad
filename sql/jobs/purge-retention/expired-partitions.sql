-- The month partitions of audit_logs the policy in force removes whole: a tier's month goes once its
-- upper bound plus the tier's period has passed (before the start of asOf, UTC), read from the
-- catalog's bounds (lifecycle_partition_leaves), never from names. A default, a leaf without a tier
-- or with an unbounded side is never among them.
-- Parameters: asOf (date). Returns leaf, tier, range_from, range_to, rows (estimate), bytes.
SELECT l.leaf::TEXT AS leaf, l.tier, l.range_from, l.range_to,
       GREATEST(c.reltuples, 0)::BIGINT AS rows, pg_total_relation_size(l.leaf) AS bytes
FROM lifecycle_partition_leaves(CAST('audit_logs' AS REGCLASS)) l
JOIN lifecycle_retention_periods p ON p.tier = l.tier
JOIN pg_class c ON c.oid = l.leaf
WHERE NOT l.is_default AND l.range_from IS NOT NULL AND l.range_to IS NOT NULL
  AND l.range_to + make_interval(years => p.years) <= CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC'
ORDER BY l.tier, l.range_from;
