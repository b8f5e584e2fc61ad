-- erase-guest, first step: the guest's bookings, matched by the guest's key (lifecycle_guest_key:
-- the HMAC of the trimmed lower-case email under the erasure key, the request's identifying
-- parameter, never the address), in booking_history (by its email, or by the guest_key a
-- pseudonymized row keeps) and in bookings, kept for the job instance (a restart reads them, no
-- email needed). Parameters: job instance id, HMAC inner pad, outer pad, the guest key
-- ('hmac-sha256:<hex>').
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest
)
INSERT INTO lifecycle_erasure_bookings (job_instance_id, booking_id, booking_reference, source)
SELECT p.inst, h.original_booking_id, h.booking_reference, 'booking_history'
FROM booking_history h, p
WHERE h.guest_key = p.guest OR lifecycle_guest_key(h.guest_email, p.ikey, p.okey) = p.guest
UNION ALL
SELECT p.inst, b.id, b.booking_reference, 'bookings'
FROM bookings b, p
WHERE lifecycle_guest_key(b.guest_email, p.ikey, p.okey) = p.guest
ON CONFLICT (job_instance_id, booking_id) DO NOTHING;
