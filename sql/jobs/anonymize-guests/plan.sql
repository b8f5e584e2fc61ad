-- A dry run's report (anonymize-guests writes nothing): history rows due (check-out before the
-- limit, not processed yet) and those a legal hold keeps; the audit rows of their bookings; bookings
-- still in bookings with a check-out before the limit (stays never archived: held back, odd status),
-- which no rule touches and ops should see; rows already anonymized and pseudonymized.
-- Parameters: the limit date, asOf, the limit date, the limit date.
SELECT 'history rows due' AS kind,
       count(*) FILTER (WHERE NOT lifecycle_held('BOOKING', h.original_booking_id, CAST(? AS DATE))) AS rows
FROM booking_history h
WHERE h.anonymization IS NULL AND h.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'audit rows of the bookings due', count(*)
FROM audit_logs a JOIN booking_history h ON a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id
WHERE h.anonymization IS NULL AND h.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'not archived, past the limit (untouched)', count(*)
FROM bookings b WHERE b.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'already ' || anonymization, count(*)
FROM booking_history WHERE anonymization IS NOT NULL GROUP BY anonymization;
