-- What `show` prints for an archive-bookings execution: the bookings recorded as skipped for bad
-- data for its job instance, per reason (evidence kept in lifecycle_skipped_rows).
-- Parameter: job instance id.
SELECT reason AS kind, count(*) AS rows
FROM lifecycle_skipped_rows
WHERE job_instance_id = ?
GROUP BY reason
ORDER BY reason;
