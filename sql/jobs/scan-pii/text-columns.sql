-- The text columns of booking_history, by the catalog (a column the platform adds is scanned too):
-- what scan-bookings.sql looks at in a history row. Parameters: none.
SELECT CAST(column_name AS TEXT)
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'booking_history'
  AND data_type IN ('text', 'character varying', 'character')
ORDER BY ordinal_position
