-- Adds the user accounts of a chunk's guests (scan-bookings.sql's 'user' rows) to scan-pii's work
-- list, once each whatever the number of their stays; an account an erased guest's booking names
-- gets all its logins scanned. Parameters: job instance, user ids (BIGINT[]), all logins
-- (BOOLEAN[], same length).
INSERT INTO pii_scan_work AS w (job_instance_id, subject_type, subject_id, all_logins)
SELECT CAST(? AS BIGINT), 'USER', u.user_id, u.all_logins
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BOOLEAN[])) AS u (user_id, all_logins)
ON CONFLICT (job_instance_id, subject_type, subject_id)
  DO UPDATE SET all_logins = w.all_logins OR EXCLUDED.all_logins
