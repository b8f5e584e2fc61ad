-- Record each booking a rule is about but whose data cannot be judged, with the reason (no
-- personal data), once per job instance. Only bookings due before the latest cutoff of the rules
-- (idx_bookings_archive_due), as in plan-by-rule. Parameters: job instance id, rules (JSON).
WITH p AS (SELECT CAST(? AS BIGINT) AS instance_id, CAST(? AS JSONB) AS rules)
INSERT INTO lifecycle_skipped_rows (job_name, job_instance_id, table_name, row_id, reason)
SELECT 'archive-bookings', p.instance_id, 'bookings', t.id, t.problem
FROM p, LATERAL (
  SELECT b.id, archive_data_problem(b, p.rules) AS problem
  FROM bookings b
  WHERE LEAST(b.check_out_date, (b.cancelled_at AT TIME ZONE 'UTC')::DATE) < archive_due_before(p.rules)
) t
WHERE t.problem IS NOT NULL
ON CONFLICT (job_instance_id, table_name, row_id, reason) DO NOTHING;
