-- The chunk's bookings that still match a rule but were not locked in step 1: the platform holds
-- them; they are taken next run. Parameters: rules (JSON), the ids not locked.
SELECT m.rule_name, count(*) AS rows
FROM bookings b
CROSS JOIN LATERAL archive_rule_match(b, CAST(? AS JSONB)) m
WHERE b.id = ANY (CAST(? AS BIGINT[]))
  AND NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id)
GROUP BY m.rule_name;
