-- The seed's partial index for finding archive candidates, built without blocking the platform.
-- CONCURRENTLY cannot run inside a transaction: the .conf beside it tells Flyway so.

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_bookings_archive_candidates
  ON bookings (check_out_date, booking_status, payment_status)
  WHERE booking_status IN ('confirmed', 'completed', 'cancelled');
