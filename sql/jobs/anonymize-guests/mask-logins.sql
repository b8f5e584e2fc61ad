-- The login rows (action %LOGIN%) older than the limit of the user accounts of guests whose stays
-- the suite masked (the user of each masked booking's BOOKING_CREATED event), masked by the path
-- and ip-address rules. The chunk statement masks a guest's logins when it masks the stay; this
-- one, every night, also covers the logins of guests masked on earlier nights that only now cross
-- the limit (found by scan-pii). "Before the limit" is before its first instant in UTC, whatever
-- the session's time zone. A legal hold on the user, or on any booking of the user, keeps the
-- logins (lifecycle_held_users). A row whose masked form equals what it holds is not written again.
-- Parameters: path rules (JSON), ip_address rule (JSON or NULL), HMAC inner pad, outer pad, the
-- limit date, asOf.
WITH p AS (
  SELECT CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule, CAST(? AS BYTEA) AS ikey,
         CAST(? AS BYTEA) AS okey, CAST(CAST(? AS DATE) AS TIMESTAMP) AT TIME ZONE 'UTC' AS limit_at,
         CAST(? AS DATE) AS as_of
),
old_logins AS (
  -- the login rows before the limit (few: the system tier's own period is shorter), by created_at
  SELECT a.resource_id FROM audit_logs a, p
  WHERE a.resource_type = 'USER' AND a.action LIKE '%LOGIN%' AND a.created_at < p.limit_at
),
users AS (
  -- those of their users who created a booking the suite masked: one pass over the booking
  -- events, not one index probe per masked stay in every partition (which took minutes)
  SELECT DISTINCT c.user_id
  FROM audit_logs c
  JOIN booking_history h ON h.original_booking_id = c.resource_id AND h.anonymization IS NOT NULL
  WHERE c.resource_type = 'BOOKING' AND c.action = 'BOOKING_CREATED'
    AND c.user_id IN (SELECT resource_id FROM old_logins)
  EXCEPT
  SELECT user_id FROM p, lifecycle_held_users(p.as_of)
),
masked AS (
  SELECT a.id, a.created_at,
         lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey) AS old_values,
         lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey) AS new_values,
         lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey) AS ip_address,
         a.old_values AS was_old, a.new_values AS was_new, a.ip_address AS was_ip
  FROM audit_logs a, p
  WHERE a.resource_type = 'USER' AND a.resource_id IN (SELECT user_id FROM users)
    AND a.action LIKE '%LOGIN%' AND a.created_at < p.limit_at
)
UPDATE audit_logs a
SET old_values = m.old_values, new_values = m.new_values, ip_address = m.ip_address
FROM masked m
WHERE a.id = m.id AND a.created_at = m.created_at
  AND (m.was_old IS DISTINCT FROM m.old_values OR m.was_new IS DISTINCT FROM m.new_values
       OR m.was_ip IS DISTINCT FROM m.ip_address);
