-- erase-guest, with the resolution: the guest's user accounts, the user of the BOOKING_CREATED event
-- of each of the guest's bookings, kept for the job instance beside them (their audit rows, logins
-- and any other event of the account, are masked with the stays). Read per request, all its
-- bookings at once. Parameter: job instance id.
INSERT INTO lifecycle_erasure_users (job_instance_id, user_id)
SELECT DISTINCT e.job_instance_id, a.user_id
FROM (SELECT CAST(? AS BIGINT) AS job_instance_id) e
JOIN audit_logs a ON a.resource_type = 'BOOKING' AND a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
 AND a.resource_id = ANY (ARRAY(SELECT b.booking_id FROM lifecycle_erasure_bookings b
                                WHERE b.job_instance_id = e.job_instance_id))
ON CONFLICT DO NOTHING;
