-- The history rows anonymize-guests masks, the one definition of what is due: not processed yet
-- by the suite (anonymization IS NULL) and a check-out before the limit (asOf minus anonymize.after: a stay
-- whose check-out is exactly the limit date is not due yet; the day after it is). The next page,
-- by keyset (the partial index idx_booking_history_anonymize_due serves it). Rows under a legal
-- hold are read and left (the chunk counts them).
-- Parameters: the limit date, the last id read, page size.
SELECT id
FROM booking_history
WHERE anonymization IS NULL
  AND check_out_date < CAST(? AS DATE)
  AND id > ?
ORDER BY id
LIMIT ?;
