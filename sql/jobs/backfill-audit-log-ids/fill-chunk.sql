-- One chunk, one UPDATE: audit_log_ids = every audit id of the booking (resource_type 'BOOKING',
-- resource_id = original_booking_id), ordered by created_at, id; an empty array when there is none.
-- Not the seed's LIMIT 1, which kept one arbitrary id. The chunk's trails are read in one pass
-- (resource_id = ANY of the chunk's bookings, from lifecycle_trail_since of its earliest
-- booking_created_at: a partitioned audit_logs reads each leaf that can hold them once, never as the
-- inner side of a loop over the rows), then grouped per booking.
-- Mode 'missing' fills NULLs only; 'refresh' recomputes the ids of every row (ids appended since).
-- data_hash is filled where missing, never recomputed: a stored hash is evidence.
-- Returns 'empty_trail' or 'filled' per row. Parameters: the chunk's ids, mode.
WITH p AS (
  SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS TEXT) AS mode
),
rows_of_chunk AS (
  SELECT x.id, x.original_booking_id, x.booking_created_at
  FROM booking_history x
  WHERE x.id = ANY (CAST((SELECT ids FROM p) AS BIGINT[]))
),
chunk AS (
  SELECT ARRAY(SELECT original_booking_id FROM rows_of_chunk) AS bookings,
         (SELECT lifecycle_trail_since(min(booking_created_at)) FROM rows_of_chunk) AS since
),
trail AS (
  SELECT a.resource_id, array_agg(a.id ORDER BY a.created_at, a.id) AS ids
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM chunk) AS BIGINT[]))
    AND a.created_at >= (SELECT since FROM chunk)
  GROUP BY a.resource_id
),
t AS (
  SELECT r.id, COALESCE(trail.ids, '{}') AS ids
  FROM rows_of_chunk r LEFT JOIN trail ON trail.resource_id = r.original_booking_id
)
UPDATE booking_history h
SET audit_log_ids = CASE WHEN p.mode = 'refresh' OR h.audit_log_ids IS NULL THEN t.ids ELSE h.audit_log_ids END,
    data_hash = COALESCE(h.data_hash, booking_data_hash(h))
FROM p, t
WHERE h.id = t.id
RETURNING CASE WHEN cardinality(h.audit_log_ids) = 0 THEN 'empty_trail' ELSE 'filled' END;
