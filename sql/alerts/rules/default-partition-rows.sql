-- Alert rule default-partition-rows: rows in each default partition of audit_logs (counted
-- exactly; they should be empty: maintain-partitions premakes months and rescues strays, and a
-- non-empty default blocks creating its month). None when audit_logs is not partitioned.
-- Parameters: none.
SELECT CAST(l.leaf AS TEXT) AS subject, c.row_count AS value
FROM lifecycle_partition_leaves('audit_logs') l
CROSS JOIN LATERAL lifecycle_row_count(l.leaf, 'TRUE', true) c
WHERE l.is_default;
