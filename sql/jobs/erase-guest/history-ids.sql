-- erase-guest: the history rows of the guest's bookings still to mask (not anonymized yet, or
-- only pseudonymized: an erasure never keeps a pseudonym), by keyset. Parameters: job instance
-- id, the last id read, page size.
SELECT h.id
FROM booking_history h
JOIN lifecycle_erasure_bookings e ON e.booking_id = h.original_booking_id AND e.job_instance_id = ?
WHERE h.anonymization IS DISTINCT FROM 'anonymized'
  AND h.id > ?
ORDER BY h.id
LIMIT ?;
