-- The rows partition-audit-logs copies from the plain audit_logs into audit_logs_new: every id up to
-- the highest one committed when the mirror trigger was installed (later rows are mirrored by the
-- trigger as they are written); nothing once the tables are swapped. The next page in one id range,
-- by keyset over the primary key.
-- Parameters: the range's first id, its last id, the last id read, page size.
SELECT id
FROM audit_logs
WHERE id BETWEEN ? AND ?
  AND id <= (SELECT c.copy_max_id FROM lifecycle_partition_conversions c
             WHERE c.table_name = 'audit_logs' AND c.state = 'copying')
  AND id > ?
ORDER BY id
LIMIT ?;
