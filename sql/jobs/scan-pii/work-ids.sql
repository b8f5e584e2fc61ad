-- The next page of a scan-pii work list, by keyset: the bookings ('BOOKING') or user accounts
-- ('USER') the job instance planned, in id order. Parameters: job instance, subject type, the last
-- id read, page size.
SELECT subject_id AS id
FROM pii_scan_work
WHERE job_instance_id = ? AND subject_type = ? AND subject_id > ?
ORDER BY subject_id
LIMIT ?
