-- Closes the open findings of subjects no longer in scan-pii's scope, when a real scan completes:
-- a booking whose history row is gone (purged) or no longer past the limit, unless an erased
-- guest's, or that a legal hold now keeps; a user account a legal hold now keeps. Their rows are
-- no longer the scan's to prove (a purge removed them, a hold keeps them as they are).
-- Returns the finding rows closed. Parameters: the limit date, asOf, the user accounts a legal
-- hold keeps (BIGINT[]).
WITH p AS (
  SELECT CAST(? AS DATE) AS limit_date, CAST(? AS DATE) AS as_of, CAST(? AS BIGINT[]) AS held_users
),
closed AS (
  DELETE FROM pii_open_findings o
  USING p
  WHERE (o.subject_type = 'BOOKING'
         AND (lifecycle_held('BOOKING', o.subject_id, p.as_of)
              OR (NOT EXISTS (SELECT 1 FROM booking_history h
                              WHERE h.original_booking_id = o.subject_id AND h.check_out_date < p.limit_date)
                  AND NOT EXISTS (SELECT 1 FROM lifecycle_erasure_bookings e
                                  JOIN lifecycle_erasure_receipts r ON r.job_instance_id = e.job_instance_id
                                  WHERE e.booking_id = o.subject_id))))
     OR (o.subject_type = 'USER' AND o.subject_id = ANY (p.held_users))
  RETURNING o.rows
)
SELECT COALESCE(sum(rows), 0) FROM closed
