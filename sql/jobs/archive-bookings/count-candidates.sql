-- How many bookings match an archive rule now, for progress and ETA. Parameter: rules (JSON).
SELECT count(*)
FROM bookings b
CROSS JOIN LATERAL archive_rule_match(b, CAST(? AS JSONB)) m;
