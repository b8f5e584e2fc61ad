-- The date from which an archive rule can take a booking: its check-out, or its cancellation day
-- (UTC) if earlier. The report after the archive's move (what is left, held back, skipped) looks
-- only at bookings due before the latest cutoff of the rules: after a night's move that is the
-- night's leftovers, found through this index instead of a scan of the whole table.
-- CONCURRENTLY, outside a transaction. (timezone('UTC', timestamptz) and the date cast are
-- immutable, so the expression can be indexed.)
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_bookings_archive_due
  ON bookings (LEAST(check_out_date, (cancelled_at AT TIME ZONE 'UTC')::DATE));
