-- The next page of an incremental night's history rows, as its plan wrote them (a restart reads
-- the same rows), by keyset. Parameters: job instance id, last id, page size.
SELECT booking_history_id AS id
FROM integrity_night_rows
WHERE job_instance_id = ? AND booking_history_id > ?
ORDER BY booking_history_id
LIMIT ?
