-- The rows backfill-audit-log-ids goes through, the one definition of what is still to fill: in
-- mode 'missing' the rows without audit_log_ids or without data_hash, in mode 'refresh' every row.
-- The next page in one id range, by keyset. (The range bounds, the progress total and the "left
-- to do" of the summary are counted with this same query; in mode 'missing' it can use the partial
-- index idx_booking_history_to_fill.)
-- Parameters: the range's first id, its last id, mode, the last id read, page size.
SELECT id
FROM booking_history
WHERE id BETWEEN ? AND ?
  AND (CAST(? AS TEXT) = 'refresh' OR audit_log_ids IS NULL OR data_hash IS NULL)
  AND id > ?
ORDER BY id
LIMIT ?;
