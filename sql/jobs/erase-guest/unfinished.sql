-- erase-guest: the guest's stays not finished on asOf (still in bookings, check-out on or after
-- asOf, or not completed / cancelled / no-show): an erasure is refused while one exists, and the
-- message lists them by reference. Parameters: job instance id, asOf.
SELECT b.booking_reference
FROM lifecycle_erasure_bookings e JOIN bookings b ON b.id = e.booking_id
WHERE e.job_instance_id = ? AND e.source = 'bookings'
  AND (b.check_out_date >= CAST(? AS DATE) OR b.booking_status NOT IN ('completed', 'cancelled', 'no_show'))
ORDER BY b.booking_reference;
