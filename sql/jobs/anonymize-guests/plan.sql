-- A dry run's report (anonymize-guests writes nothing), and the report after a real run: history
-- rows due (check-out before the limit, not masked by the suite yet) and those a legal hold keeps;
-- the audit rows of the bookings past the limit not masked yet; bookings still in bookings with a
-- check-out before the limit (stays never archived: held back, odd status), which no rule touches
-- and ops should see; rows already anonymized and pseudonymized. Columns kind, name, rows.
-- Parameters: asOf, the limit date, asOf, the limit date, the limit date, the limit date.
SELECT 'history rows' AS kind, 'due' AS name,
       count(*) FILTER (WHERE NOT lifecycle_held('BOOKING', h.original_booking_id, CAST(? AS DATE))) AS rows
FROM booking_history h
WHERE h.anonymization IS NULL AND h.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'history rows', 'kept by a legal hold',
       count(*) FILTER (WHERE lifecycle_held('BOOKING', h.original_booking_id, CAST(? AS DATE)))
FROM booking_history h
WHERE h.anonymization IS NULL AND h.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'audit rows', 'of those bookings', count(*)
FROM audit_logs a
WHERE a.resource_type = 'BOOKING'
  AND a.resource_id IN (SELECT h.original_booking_id FROM booking_history h
                        WHERE h.anonymization IS NULL AND h.check_out_date < CAST(? AS DATE))
UNION ALL
SELECT 'bookings never archived', 'past the limit (untouched)', count(*)
FROM bookings b WHERE b.check_out_date < CAST(? AS DATE)
UNION ALL
SELECT 'history rows', 'already ' || anonymization, count(*)
FROM booking_history WHERE anonymization IS NOT NULL GROUP BY anonymization;
