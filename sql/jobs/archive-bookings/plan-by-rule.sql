-- What a run would do (dry run), or what is left after the move, per rule: candidates (after the
-- move: those the platform held locked); what is held back (money in flight) per payment status;
-- what is skipped for bad data per reason. Only bookings due before the latest cutoff of the rules
-- can match (idx_bookings_archive_due), so after a move this reads the night's leftovers, not the
-- table. Parameter: rules (JSON).
WITH p AS (SELECT CAST(? AS JSONB) AS rules),
due AS (
  SELECT b.*
  FROM bookings b, p
  WHERE LEAST(b.check_out_date, (b.cancelled_at AT TIME ZONE 'UTC')::DATE) < archive_due_before(p.rules)
)
SELECT 'candidates' AS kind, m.rule_name AS name, count(*) AS rows
FROM due b CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(CAST(ROW(b.*) AS bookings), p.rules) m
GROUP BY m.rule_name
UNION ALL
SELECT 'held back', m.rule_name || ': payment ' || b.payment_status, count(*)
FROM due b CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(CAST(ROW(b.*) AS bookings), p.rules, true) m
WHERE b.payment_status IN ('pending', 'failed')
GROUP BY m.rule_name, b.payment_status
UNION ALL
SELECT 'skipped', problem, count(*)
FROM (SELECT archive_data_problem(CAST(ROW(b.*) AS bookings), p.rules) AS problem FROM due b CROSS JOIN p) t
WHERE problem IS NOT NULL
GROUP BY problem
ORDER BY 1, 2;
