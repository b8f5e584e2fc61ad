-- The seed's business metrics of archived cancellations, for the whole batch at once, as the batch
-- is sent: the refund (metadata.refund_amount of the latest cancellation entry in audit_logs:
-- BOOKING_CANCELLED as the platform writes it, CANCEL_BOOKING as the seed names it; no source
-- column holds it otherwise), whole days from booking to cancellation, and the hotel's
-- cancellation rate over the 30 days before now: of its bookings created then (in bookings, or
-- archived in booking_history), the share whose status is cancelled. No guest data.
-- Parameters: the bookings' ids, now (four times: the window's end, twice each table).
WITH cancelled AS (
  SELECT h.original_booking_id AS booking_id, h.hotel_id, h.booking_created_at, h.cancelled_at
  FROM booking_history h
  WHERE h.original_booking_id = ANY (CAST(? AS BIGINT[]))
    AND h.archive_reason = 'CANCELLED'
), recent AS (
  SELECT b.hotel_id, lower(b.booking_status) AS status
  FROM bookings b
  WHERE b.hotel_id IN (SELECT hotel_id FROM cancelled)
    AND b.created_at >= CAST(? AS TIMESTAMPTZ) - INTERVAL '30 days'
    AND b.created_at < CAST(? AS TIMESTAMPTZ)
  UNION ALL
  SELECT h.hotel_id, lower(h.booking_status)
  FROM booking_history h
  WHERE h.hotel_id IN (SELECT hotel_id FROM cancelled)
    AND h.booking_created_at >= CAST(? AS TIMESTAMPTZ) - INTERVAL '30 days'
    AND h.booking_created_at < CAST(? AS TIMESTAMPTZ)
    AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.id = h.original_booking_id)
), refunds AS (
  -- the latest cancellation entry with a refund of each booking, the batch's trails read once
  SELECT DISTINCT ON (a.resource_id) a.resource_id,
         CASE WHEN a.metadata ->> 'refund_amount' ~ '^-?[0-9]+(\.[0-9]+)?$'
              THEN CAST(a.metadata ->> 'refund_amount' AS NUMERIC) END AS amount
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING'
    AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM cancelled))
    AND a.created_at >= (SELECT lifecycle_trail_since(min(booking_created_at)) FROM cancelled)
    AND a.action IN ('BOOKING_CANCELLED', 'CANCEL_BOOKING')
    AND a.metadata ->> 'refund_amount' IS NOT NULL
  ORDER BY a.resource_id, a.created_at DESC, a.id DESC
), per_hotel AS (
  SELECT hotel_id, count(*) AS bookings, count(*) FILTER (WHERE status = 'cancelled') AS cancellations
  FROM recent
  GROUP BY hotel_id
)
SELECT c.booking_id, c.hotel_id, refund.amount AS refund_amount,
       floor(extract(EPOCH FROM c.cancelled_at - c.booking_created_at) / 86400) AS days_to_cancellation,
       coalesce(p.bookings, 0) AS hotel_bookings_30d, coalesce(p.cancellations, 0) AS hotel_cancellations_30d,
       round(p.cancellations::NUMERIC / nullif(p.bookings, 0), 4) AS hotel_cancellation_rate_30d
FROM cancelled c
LEFT JOIN per_hotel p ON p.hotel_id = c.hotel_id
LEFT JOIN refunds refund ON refund.resource_id = c.booking_id
