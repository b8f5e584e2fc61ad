-- Record each booking a rule is about but whose data cannot be judged, with the reason (no
-- personal data), once per job instance. Parameters: job instance id, rules (JSON).
INSERT INTO lifecycle_skipped_rows (job_name, job_instance_id, table_name, row_id, reason)
SELECT 'archive-bookings', CAST(? AS BIGINT), 'bookings', t.id, t.problem
FROM (SELECT b.id, archive_data_problem(b, CAST(? AS JSONB)) AS problem FROM bookings b) t
WHERE t.problem IS NOT NULL
ON CONFLICT (job_instance_id, table_name, row_id, reason) DO NOTHING;
