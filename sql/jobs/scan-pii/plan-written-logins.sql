-- The bookings of the user accounts whose logins before the limit were written since the last scan
-- (the bookings whose BOOKING_CREATED event is the account's): scanned tonight, so their guests'
-- logins are. Run only when there are such accounts: audit_logs has no index by user, so this reads
-- every BOOKING_CREATED row. Parameters: none.
INSERT INTO pg_temp.pii_written (resource_type, resource_id)
SELECT DISTINCT 'BOOKING', a.resource_id
FROM audit_logs a
WHERE a.resource_type = 'BOOKING' AND a.action = 'BOOKING_CREATED'
  AND a.user_id IN (SELECT w.resource_id FROM pg_temp.pii_written w WHERE w.resource_type = 'USER')
