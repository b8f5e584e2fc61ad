-- What scan-pii looks at, the one definition, as a temporary table dropped when the scan's
-- transaction commits: the bookings whose history row's check-out is before the limit (asOf minus
-- anonymize.after: the same rule as anonymize-guests' candidates) and no legal hold covers on
-- asOf, the bookings of erased guests (any age), and the user accounts of those bookings' guests
-- (the user of their BOOKING_CREATED event), whose login rows are looked at: those created before
-- the limit's first instant in UTC for a stay past it, all of them for an erased guest; a user a
-- legal hold keeps (lifecycle_held_users) is left out, as the GDPR jobs leave its logins. Each booking carries the values its
-- history row still holds, unmasked, in the columns a rule masks (lower-cased), to find copies
-- of them in the audit payloads by value.
-- Parameters: the limit date, asOf, the masked forms (TEXT[]), the columns a rule masks (TEXT[]).
CREATE TEMPORARY TABLE pii_scope ON COMMIT DROP AS
WITH p AS (
  SELECT CAST(? AS DATE) AS limit_date, CAST(? AS DATE) AS as_of, CAST(? AS TEXT[]) AS forms,
         CAST(? AS TEXT[]) AS masked_columns
),
past_limit AS (
  SELECT h.original_booking_id AS booking_id
  FROM booking_history h, p
  WHERE h.check_out_date < p.limit_date AND NOT lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
),
erased AS (
  -- the bookings of the guests erase-guest erased (its receipt was written), whatever their age,
  -- legal holds aside
  SELECT e.booking_id
  FROM lifecycle_erasure_bookings e
  JOIN lifecycle_erasure_receipts r ON r.job_instance_id = e.job_instance_id, p
  WHERE NOT lifecycle_held('BOOKING', e.booking_id, p.as_of)
),
scoped AS (
  SELECT booking_id, FALSE AS erased FROM past_limit
  UNION ALL
  SELECT booking_id, TRUE FROM erased
),
booking_scope AS (
  SELECT s.booking_id, bool_or(s.erased) AS erased,
         COALESCE((SELECT array_agg(DISTINCT lower(btrim(c.value)))
                   FROM booking_history h CROSS JOIN LATERAL jsonb_each_text(to_jsonb(h)) c (key, value)
                   WHERE h.original_booking_id = s.booking_id AND c.key = ANY (p.masked_columns)
                     AND length(btrim(c.value)) >= 3
                     AND pg_temp.pii_kind(c.value, s.booking_id, p.forms, '{}', TRUE) IS NOT NULL),
                  '{}') AS guest_values
  FROM scoped s, p
  GROUP BY s.booking_id, p.masked_columns, p.forms
)
SELECT CAST('BOOKING' AS TEXT) AS resource_type, b.booking_id AS resource_id, b.guest_values,
       CAST(NULL AS TIMESTAMPTZ) AS logins_before
FROM booking_scope b
UNION ALL
SELECT 'USER', a.user_id, CAST('{}' AS TEXT[]),
       CASE WHEN bool_or(b.erased) THEN NULL ELSE CAST(max(p.limit_date) AS TIMESTAMP) AT TIME ZONE 'UTC' END
FROM booking_scope b
JOIN audit_logs a ON a.resource_type = 'BOOKING' AND a.resource_id = b.booking_id, p
WHERE a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
  AND a.user_id NOT IN (SELECT user_id FROM lifecycle_held_users(p.as_of))
GROUP BY a.user_id;
