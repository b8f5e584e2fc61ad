-- The next page of audit rows without a retention tier in one partition's id range, by keyset.
-- Parameters: the range's first id, its last id, the last id read, page size.
SELECT id
FROM audit_logs
WHERE id BETWEEN ? AND ? AND retention_tier IS NULL AND id > ?
ORDER BY id
LIMIT ?;
