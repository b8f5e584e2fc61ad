-- The subjects whose audit rows were written since the last scan, gathered by plan-written.sql for
-- the plan's transaction: bookings ('BOOKING', their audit rows) and user accounts ('USER', logins
-- before the limit). Parameters: none.
CREATE TEMPORARY TABLE pii_written (resource_type TEXT NOT NULL, resource_id BIGINT NOT NULL) ON COMMIT DROP
