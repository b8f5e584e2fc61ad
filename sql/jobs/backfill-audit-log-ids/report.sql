-- A dry run's report: rows without audit_log_ids, rows without data_hash (each column on its own),
-- and the audit coverage: history rows whose booking has no audit row at all.
-- No parameters.
SELECT 'missing' AS kind, 'audit_log_ids' AS name, count(*) AS rows
FROM booking_history WHERE audit_log_ids IS NULL
UNION ALL
SELECT 'missing', 'data_hash', count(*) FROM booking_history WHERE data_hash IS NULL
UNION ALL
SELECT 'no audit rows', 'bookings', count(*)
FROM booking_history h
-- one pass over audit_logs (each leaf once, hashed), never a lookup per history row
LEFT JOIN (SELECT DISTINCT a.resource_id FROM audit_logs a WHERE a.resource_type = 'BOOKING') t
  ON t.resource_id = h.original_booking_id
WHERE t.resource_id IS NULL;
