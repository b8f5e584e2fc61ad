-- Step 2: the history snapshot of each locked booking, with audit_log_ids = every audit id of the
-- booking ordered by created_at, id, then its archive entry (written in step 3), and data_hash.
-- The chunk's trails are read in one pass (resource_id = ANY of the chunk's ids, from
-- lifecycle_trail_since of the chunk's earliest booking, so a partitioned audit_logs reads each
-- leaf that can hold them once and skips older months), then grouped per booking.
-- Parameters: ids, reasons, archive entry ids (arrays in the same order). Returns the ids written.
WITH c AS (
  SELECT * FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[])) AS c (id, reason, entry_id)
),
chunk AS (
  SELECT ARRAY(SELECT id FROM c) AS ids,
         (SELECT lifecycle_trail_since(min(b.created_at)) FROM bookings b WHERE b.id IN (SELECT id FROM c)) AS since
),
trail AS (
  SELECT a.resource_id, array_agg(a.id ORDER BY a.created_at, a.id) AS ids
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT ids FROM chunk) AS BIGINT[]))
    AND a.created_at >= (SELECT since FROM chunk)
  GROUP BY a.resource_id
)
INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, guest_phone,
  hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,
  currency, special_requests, booking_created_at, cancelled_at, archived_at, archive_reason,
  audit_log_ids, data_hash)
SELECT b.id, b.booking_reference, b.guest_name, b.guest_email, b.guest_phone,
       b.hotel_id, b.room_type, b.check_in_date, b.check_out_date, b.booking_status, b.payment_status,
       b.total_amount, b.currency, b.special_requests, b.created_at, b.cancelled_at, now(), c.reason,
       COALESCE(t.ids, '{}') || c.entry_id,
       booking_data_hash(b.id, b.booking_reference, b.guest_name, b.guest_email, b.guest_phone,
         b.hotel_id, b.room_type, b.check_in_date, b.check_out_date, b.booking_status, b.payment_status,
         b.total_amount, b.currency, b.special_requests, b.created_at, b.cancelled_at, now(), c.reason)
FROM c
JOIN bookings b ON b.id = c.id
LEFT JOIN trail t ON t.resource_id = b.id
ON CONFLICT (original_booking_id) DO NOTHING
RETURNING original_booking_id;
