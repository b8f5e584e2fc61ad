-- erase-guest, first step: the guest's bookings, matched by the HMAC of the trimmed lower-case
-- email (the request's identifying parameter, never the address), in booking_history and in
-- bookings, kept for the job instance (a restart reads them, no email needed). Parameters: job
-- instance id, HMAC inner pad, outer pad, the guest key ('hmac-sha256:<hex>'), then the same four
-- again for bookings.
INSERT INTO lifecycle_erasure_bookings (job_instance_id, booking_id, booking_reference, source)
SELECT CAST(? AS BIGINT), h.original_booking_id, h.booking_reference, 'booking_history'
FROM booking_history h, (SELECT CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest) p
WHERE h.guest_email IS NOT NULL
  AND 'hmac-sha256:' || encode(sha256(p.okey || sha256(p.ikey || convert_to(lower(btrim(h.guest_email)), 'UTF8'))),
                              'hex') = p.guest
UNION ALL
SELECT CAST(? AS BIGINT), b.id, b.booking_reference, 'bookings'
FROM bookings b, (SELECT CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest) p
WHERE b.guest_email IS NOT NULL
  AND 'hmac-sha256:' || encode(sha256(p.okey || sha256(p.ikey || convert_to(lower(btrim(b.guest_email)), 'UTF8'))),
                              'hex') = p.guest
ON CONFLICT (job_instance_id, booking_id) DO NOTHING;
