-- What scan-pii's scope holds tonight, the one definition, as a temporary table of the plan's
-- transaction, one row per booking: every booking_history row whose check-out is before the limit
-- (asOf minus anonymize.after: the rule of anonymize-guests' candidates) and every booking of a guest
-- erase-guest erased (its receipt was written), whatever its age, in booking_history or still in
-- bookings; held when a legal hold covers it on asOf (left out, and counted); written when its
-- history row was written since the marker (written-since-function.sql) or its guest's erasure
-- receipt was. One sequential read of booking_history.
-- Parameters: the limit date, asOf, booking_history's marker (NULL for a first scan: nothing is
-- compared).
CREATE TEMPORARY TABLE pii_in_scope ON COMMIT DROP AS
WITH p AS (
  SELECT CAST(? AS DATE) AS limit_date, CAST(? AS DATE) AS as_of, CAST(? AS BIGINT) AS marker,
         CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT) AS next_xid
),
held AS (
  SELECT DISTINCT h.resource_id
  FROM legal_holds h, p
  WHERE h.resource_type = 'BOOKING' AND lifecycle_held('BOOKING', h.resource_id, p.as_of)
),
erased AS (
  SELECT e.booking_id,
         bool_or(p.marker IS NOT NULL AND pg_temp.pii_written_since(r.xmin, p.marker, p.next_xid)) AS written
  FROM lifecycle_erasure_bookings e
  JOIN lifecycle_erasure_receipts r ON r.job_instance_id = e.job_instance_id
  CROSS JOIN p
  GROUP BY e.booking_id
)
SELECT h.original_booking_id AS booking_id, h.check_out_date, e.booking_id IS NOT NULL AS erased,
       k.resource_id IS NOT NULL AS held,
       (p.marker IS NOT NULL AND pg_temp.pii_written_since(h.xmin, p.marker, p.next_xid))
         OR COALESCE(e.written, FALSE) AS written
FROM booking_history h
CROSS JOIN p
LEFT JOIN erased e ON e.booking_id = h.original_booking_id
LEFT JOIN held k ON k.resource_id = h.original_booking_id
WHERE h.check_out_date < p.limit_date OR e.booking_id IS NOT NULL
UNION ALL
SELECT b.id, b.check_out_date, TRUE, k.resource_id IS NOT NULL, e.written
FROM bookings b
JOIN erased e ON e.booking_id = b.id
LEFT JOIN held k ON k.resource_id = b.id
WHERE NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id)
