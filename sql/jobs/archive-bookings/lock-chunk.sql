-- Step 1 of a chunk (all steps in one transaction): lock the chunk's bookings that still match a
-- rule, skipping rows the platform holds (never waiting for them); the rule is re-checked under
-- the lock. Draws the id of each booking's archive entry in audit_logs.
-- Parameters: rules (JSON), the chunk's ids.
SELECT b.id, m.rule_name, m.archive_reason, nextval(pg_get_serial_sequence('audit_logs', 'id')) AS entry_id
FROM bookings b
CROSS JOIN LATERAL archive_rule_match(b, CAST(? AS JSONB)) m
WHERE b.id = ANY (CAST(? AS BIGINT[]))
  AND NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id)
ORDER BY b.id
FOR UPDATE OF b SKIP LOCKED;
