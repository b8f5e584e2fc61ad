-- erase-guest's dry run (writes nothing): how many of the guest's bookings are in booking_history
-- and in bookings, and how many stays are not finished on asOf (the run would be refused), matched
-- as resolve.sql matches them. Parameters: HMAC inner pad, outer pad, guest key, asOf. Columns kind,
-- name, rows.
WITH p AS (SELECT CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest, CAST(? AS DATE) AS as_of)
SELECT 'stays' AS kind, 'in booking_history' AS name, count(*) AS rows
FROM booking_history h, p
WHERE h.guest_key = p.guest OR lifecycle_guest_key(h.guest_email, p.ikey, p.okey) = p.guest
UNION ALL
SELECT 'stays', CASE WHEN b.check_out_date >= p.as_of
                       OR b.booking_status NOT IN ('completed', 'cancelled', 'no_show')
                     THEN 'not finished (the run is refused)' ELSE 'in bookings (masked in place)' END, count(*)
FROM bookings b, p
WHERE lifecycle_guest_key(b.guest_email, p.ikey, p.okey) = p.guest
GROUP BY 2;
