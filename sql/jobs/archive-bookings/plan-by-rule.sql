-- What a run would do (dry run), or what is left after the move, per rule: candidates (after the
-- move: those the platform held locked); what is held back (money in flight) per payment status;
-- what is skipped for bad data per reason, each such booking recorded in lifecycle_skipped_rows
-- once per job instance unless `record` is false (a dry run). Only bookings due before the latest
-- cutoff of the rules (idx_bookings_archive_due) and in a status some rule is about can match, so
-- after a move this reads the night's leftovers, not the table. No personal data.
-- Parameters: rules (JSON), job instance id, record (boolean).
WITH p AS (
  SELECT rules, instance_id, record, archive_due_before(rules) AS due_before,
         archive_rule_statuses(rules) AS statuses
  FROM (SELECT CAST(? AS JSONB) AS rules, CAST(? AS BIGINT) AS instance_id, CAST(? AS BOOLEAN) AS record) r
),
due AS MATERIALIZED (
  SELECT b AS booking
  FROM p, bookings b
  WHERE LEAST(b.check_out_date, (b.cancelled_at AT TIME ZONE 'UTC')::DATE) < p.due_before
    AND lower(b.booking_status) = ANY (p.statuses)
),
problems AS MATERIALIZED (
  SELECT (d.booking).id, x.problem
  FROM due d CROSS JOIN p CROSS JOIN LATERAL archive_data_problems(d.booking, p.rules) x
),
recorded AS (
  INSERT INTO lifecycle_skipped_rows (job_name, job_instance_id, table_name, row_id, reason)
  SELECT 'archive-bookings', p.instance_id, 'bookings', x.id, x.problem
  FROM problems x, p
  WHERE p.record
  ON CONFLICT (job_instance_id, table_name, row_id, reason) DO NOTHING
)
SELECT 'candidates' AS kind, m.rule_name AS name, count(*) AS rows
FROM due d CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(d.booking, p.rules) m
GROUP BY m.rule_name
UNION ALL
SELECT 'held back', m.rule_name || ': payment ' || (d.booking).payment_status, count(*)
FROM due d CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(d.booking, p.rules, true) m
WHERE (d.booking).payment_status IN ('pending', 'failed')
GROUP BY m.rule_name, (d.booking).payment_status
UNION ALL
SELECT 'skipped', x.problem, count(*)
FROM problems x
GROUP BY x.problem
ORDER BY 1, 2;
