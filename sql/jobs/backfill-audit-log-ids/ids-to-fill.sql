-- The next page of history rows to fill in one partition's id range, by keyset: in mode
-- 'missing' the rows without audit_log_ids or data_hash, in mode 'refresh' every row.
-- Parameters: the range's first id, its last id, mode, the last id read, page size.
SELECT id
FROM booking_history
WHERE id BETWEEN ? AND ?
  AND (CAST(? AS TEXT) = 'refresh' OR audit_log_ids IS NULL OR data_hash IS NULL)
  AND id > ?
ORDER BY id
LIMIT ?;
