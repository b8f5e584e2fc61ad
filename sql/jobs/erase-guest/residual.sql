-- erase-guest's residual check, written apart from the masking: rows of the guest's bookings that
-- still hold personal data after the run (a history row not anonymized, a bookings row whose email
-- is not the masked form, an audit payload string that looks like an email other than a masked
-- one), bookings under a legal hold aside (counted separately). Must be zero.
-- Parameters: job instance id, asOf.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of
),
e AS (
  SELECT x.booking_id, lifecycle_held('BOOKING', x.booking_id, p.as_of) AS held
  FROM lifecycle_erasure_bookings x, p WHERE x.job_instance_id = p.inst
)
SELECT
  (SELECT count(*) FROM booking_history h JOIN e ON e.booking_id = h.original_booking_id AND NOT e.held
   WHERE h.anonymization IS DISTINCT FROM 'anonymized')
  + (SELECT count(*) FROM bookings b JOIN e ON e.booking_id = b.id AND NOT e.held
     WHERE b.guest_email IS NOT NULL AND b.guest_email NOT LIKE '%@anonymized.local')
  + (SELECT count(*) FROM audit_logs a JOIN e ON a.resource_type = 'BOOKING' AND a.resource_id = e.booking_id
                                             AND NOT e.held,
       LATERAL (SELECT jsonb_path_query(j, 'strict $.** ? (@.type() == "string")') #>> '{}' AS s
                FROM (VALUES (a.old_values), (a.new_values), (a.metadata)) x (j) WHERE j IS NOT NULL) v
     WHERE v.s ~ '[^@[:space:]]+@[^@[:space:]]+' AND v.s NOT LIKE '%@anonymized.local') AS residual,
  (SELECT count(*) FROM e WHERE e.held) AS held;
