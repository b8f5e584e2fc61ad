-- The next page of history rows that have audit_log_ids, by keyset. Parameters: last id, page size.
SELECT id FROM booking_history WHERE audit_log_ids IS NOT NULL AND id > ? ORDER BY id LIMIT ?;
