-- A dry run's report: rows without audit_log_ids, rows without data_hash (each column on its own),
-- and the audit coverage: history rows whose
-- booking has no audit row at all.
SELECT 'missing' AS kind, 'audit_log_ids' AS name, count(*) AS rows
FROM booking_history WHERE audit_log_ids IS NULL
UNION ALL
SELECT 'missing', 'data_hash', count(*) FROM booking_history WHERE data_hash IS NULL
UNION ALL
SELECT 'no audit rows', 'bookings', count(*)
FROM booking_history h
WHERE NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id);
