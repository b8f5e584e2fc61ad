-- erase-guest's dry run (writes nothing): how many of the guest's bookings are in booking_history
-- and in bookings, and how many stays are not finished on asOf (the run would be refused).
-- Parameters: HMAC inner pad, outer pad, guest key, the same three again, asOf. Columns kind,
-- name, rows.
WITH p AS (SELECT CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest),
q AS (SELECT CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS guest, CAST(? AS DATE) AS as_of)
SELECT 'stays' AS kind, 'in booking_history' AS name, count(*) AS rows
FROM booking_history h, p
WHERE 'hmac-sha256:' || encode(sha256(p.okey || sha256(p.ikey || convert_to(lower(btrim(h.guest_email)), 'UTF8'))),
                              'hex') = p.guest
UNION ALL
SELECT 'stays', CASE WHEN b.check_out_date >= q.as_of
                       OR b.booking_status NOT IN ('completed', 'cancelled', 'no_show')
                     THEN 'not finished (the run is refused)' ELSE 'in bookings (masked in place)' END, count(*)
FROM bookings b, q
WHERE 'hmac-sha256:' || encode(sha256(q.okey || sha256(q.ikey || convert_to(lower(btrim(b.guest_email)), 'UTF8'))),
                              'hex') = q.guest
GROUP BY 2;
