-- export-guest's document: everything the database holds about the guest whose bookings the first
-- step resolved (lifecycle_erasure_bookings of the job instance): the rows of bookings and
-- booking_history as stored, every audit event of those bookings (audit_logs and the copies kept
-- for legal holds), and the login events of the guest's user accounts (the user of each booking's
-- BOOKING_CREATED event). One JSON document, ordered, for the file only. Parameters: the job
-- instance id, the guest key (an HMAC, not the address).
WITH e AS (
  SELECT booking_id FROM lifecycle_erasure_bookings WHERE job_instance_id = CAST(? AS BIGINT)
),
guest AS (
  -- the guest's bookings as one array: every audit table is read once for all of them
  SELECT ARRAY(SELECT booking_id FROM e) AS bookings
),
users AS (
  SELECT DISTINCT a.user_id FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM guest) AS BIGINT[]))
    AND a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
)
SELECT jsonb_build_object(
  'exported_at', now(),
  'guest_key', CAST(? AS TEXT),
  'bookings', (SELECT COALESCE(jsonb_agg(to_jsonb(b) ORDER BY b.id), '[]'::jsonb) FROM bookings b
               WHERE b.id = ANY (CAST((SELECT bookings FROM guest) AS BIGINT[]))),
  'booking_history', (SELECT COALESCE(jsonb_agg(to_jsonb(h) ORDER BY h.id), '[]'::jsonb) FROM booking_history h
                      WHERE h.original_booking_id = ANY (CAST((SELECT bookings FROM guest) AS BIGINT[]))),
  'audit_events', (SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.created_at, a.id), '[]'::jsonb) FROM audit_logs a
                   WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM guest) AS BIGINT[]))),
  'kept_audit_events', (SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.created_at, a.id), '[]'::jsonb)
                        FROM audit_logs_held a
                        WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM guest) AS BIGINT[]))),
  'logins', (SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.created_at, a.id), '[]'::jsonb)
             FROM audit_logs a WHERE a.resource_type = 'USER' AND a.action LIKE '%LOGIN%'
               AND a.resource_id = ANY (ARRAY(SELECT user_id FROM users)))
) AS document;
