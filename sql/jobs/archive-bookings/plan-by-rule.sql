-- What a run would do, per rule: candidates; what is held back (money in flight) per payment
-- status; what is skipped for bad data per reason. Parameter: rules (JSON).
WITH p AS (SELECT CAST(? AS JSONB) AS rules)
SELECT 'candidates' AS kind, m.rule_name AS name, count(*) AS rows
FROM bookings b CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(b, p.rules) m
GROUP BY m.rule_name
UNION ALL
SELECT 'held back', m.rule_name || ': payment ' || b.payment_status, count(*)
FROM bookings b CROSS JOIN p CROSS JOIN LATERAL archive_rule_match(b, p.rules, true) m
WHERE b.payment_status IN ('pending', 'failed')
GROUP BY m.rule_name, b.payment_status
UNION ALL
SELECT 'skipped', problem, count(*)
FROM (SELECT archive_data_problem(b, p.rules) AS problem FROM bookings b CROSS JOIN p) t
WHERE problem IS NOT NULL
GROUP BY problem
ORDER BY 1, 2;
