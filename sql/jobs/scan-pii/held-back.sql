-- scan-pii's count of history rows past the limit that a legal hold keeps as they are (left out of
-- the scan, as anonymize-guests leaves them; reported, not a finding).
-- Parameters: the limit date, asOf.
SELECT count(*)
FROM booking_history h
WHERE h.check_out_date < CAST(? AS DATE) AND lifecycle_held('BOOKING', h.original_booking_id, CAST(? AS DATE));
