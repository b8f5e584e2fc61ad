-- One chunk, one UPDATE from a grouped subquery: audit_log_ids = every audit id of the booking
-- (resource_type 'BOOKING', resource_id = original_booking_id), ordered by created_at, id; an
-- empty array when there is none. Not the seed's LIMIT 1, which kept one arbitrary id.
-- Mode 'missing' fills NULLs only; 'refresh' recomputes the ids of every row (ids appended since).
-- data_hash is filled where missing, never recomputed: a stored hash is evidence.
-- Returns 'empty_trail' or 'filled' per row. Parameters: the chunk's ids, mode.
WITH p AS (SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS TEXT) AS mode)
UPDATE booking_history h
SET audit_log_ids = CASE WHEN p.mode = 'refresh' OR h.audit_log_ids IS NULL THEN t.ids ELSE h.audit_log_ids END,
    data_hash = COALESCE(h.data_hash, booking_data_hash(h))
FROM p, (
  SELECT x.id,
         COALESCE(array_agg(a.id ORDER BY a.created_at, a.id) FILTER (WHERE a.id IS NOT NULL), '{}') AS ids
  FROM p AS chunk
  JOIN booking_history x ON x.id = ANY (chunk.ids)
  LEFT JOIN audit_logs a ON a.resource_type = 'BOOKING' AND a.resource_id = x.original_booking_id
  GROUP BY x.id
) t
WHERE h.id = t.id
RETURNING CASE WHEN cardinality(h.audit_log_ids) = 0 THEN 'empty_trail' ELSE 'filled' END;
