-- The booking_history rows purge-retention deletes: check-out before asOf minus the history period
-- (retention.booking-history years; the check-out is the date that counts: the stay is over, and
-- the row's own archived_at says nothing of the guest). The next page by keyset over the id.
-- A booking under an active legal hold stays.
-- Parameters: the cutoff (date; check-out strictly before it), asOf (the holds' date), the last id
-- read, page size.
SELECT id
FROM booking_history
WHERE check_out_date < ?
  AND NOT lifecycle_held('BOOKING', original_booking_id, CAST(? AS DATE))
  AND id > ?
ORDER BY id
LIMIT ?;
