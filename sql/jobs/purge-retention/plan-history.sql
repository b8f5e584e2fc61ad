-- purge-retention's dry run: the booking_history rows a real run deletes (check-out before the
-- cutoff, not held). Parameters: the history cutoff (date), the purge day (date).
SELECT count(*) FROM booking_history
WHERE check_out_date < ? AND NOT lifecycle_held('BOOKING', original_booking_id, CAST(? AS DATE));
