-- erase-guest's residual check over bookings, booking_history and the suite's own tables that a
-- copy could reach (lifecycle_outbox, lifecycle_skipped_rows, integrity_findings), read-only,
-- after the masking, as residual-audit.sql does for audit rows: every string of every column (at
-- any depth of a JSON column) compared by keyed hash with the fingerprints the erasure took before
-- masking (lifecycle_erasure_hits): the guest's own rows (the bookings the erasure masks, in
-- bookings and booking_history) for everything, every other row for the guest's email addresses
-- and pseudonyms only. A booking's reference is its identifier (the receipt names it), not the
-- guest's data, and is not searched in the guest's rows. Rows of the guest's bookings a legal hold
-- keeps are left out. Counts rows per table, column, key path and kind; never returns a value.
-- Parameters: job instance id, asOf, erasure inner pad, outer pad.
WITH RECURSIVE p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of, CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey
),
ids AS (
  SELECT ARRAY(SELECT s.booking_id FROM lifecycle_erasure_stays(p.inst, p.as_of) s) AS stays,
         ARRAY(SELECT e.booking_id FROM lifecycle_erasure_bookings e WHERE e.job_instance_id = p.inst) AS bookings
  FROM p
),
candidates AS (
  SELECT 'bookings' AS table_name, b.id, TRUE AS own, to_jsonb(b) AS doc
  FROM bookings b, ids WHERE b.id = ANY (ids.stays)
  UNION ALL
  SELECT 'booking_history', h.id, TRUE, to_jsonb(h)
  FROM booking_history h, ids WHERE h.original_booking_id = ANY (ids.stays)
  UNION ALL
  SELECT 'bookings', b.id, FALSE, to_jsonb(b)
  FROM bookings b, ids WHERE NOT (b.id = ANY (ids.bookings))
  UNION ALL
  SELECT 'booking_history', h.id, FALSE, to_jsonb(h)
  FROM booking_history h, ids WHERE NOT (h.original_booking_id = ANY (ids.bookings))
  UNION ALL
  SELECT 'lifecycle_outbox', o.id, FALSE, to_jsonb(o) FROM lifecycle_outbox o
  UNION ALL
  SELECT 'lifecycle_skipped_rows', s.id, FALSE, to_jsonb(s) FROM lifecycle_skipped_rows s
  UNION ALL
  SELECT 'integrity_findings', f.id, FALSE, to_jsonb(f) FROM integrity_findings f
),
searched AS (
  -- the guest's own rows, and the other rows whose text holds one of the guest's email
  -- addresses or pseudonyms (found once per row, before its columns are walked)
  SELECT c.table_name, c.id, c.own, c.doc
  FROM candidates c, p
  WHERE c.own
     OR ((c.doc::text LIKE '%@%' OR c.doc::text LIKE '%pseud-%')
         AND EXISTS (SELECT 1 FROM lifecycle_erasure_hits(c.doc::text, p.inst, p.ikey, p.okey, FALSE)))
),
docs AS (
  SELECT r.table_name, r.id, r.own, col.key AS column_name, col.value AS doc
  FROM searched r
  CROSS JOIN LATERAL jsonb_each(r.doc) col
  WHERE NOT (r.own AND col.key = 'booking_reference')
),
walk (table_name, id, own, column_name, json_path, node) AS (
  SELECT table_name, id, own, column_name, '', doc FROM docs
  UNION ALL
  SELECT w.table_name, w.id, w.own, w.column_name, w.json_path || e.step, e.node
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT CASE WHEN w.json_path = '' THEN o.key ELSE '.' || o.key END, o.value
    FROM jsonb_each(CASE WHEN jsonb_typeof(w.node) = 'object' THEN w.node ELSE '{}' END) o
    UNION ALL
    SELECT '[]', x.value
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) x
  ) e (step, node)
  WHERE jsonb_typeof(w.node) IN ('object', 'array')
)
SELECT w.table_name, w.column_name, w.json_path, h.kind, count(DISTINCT w.id) AS rows
FROM walk w
CROSS JOIN p
CROSS JOIN LATERAL lifecycle_erasure_hits(w.node #>> '{}', p.inst, p.ikey, p.okey, w.own) h
WHERE jsonb_typeof(w.node) = 'string'
GROUP BY w.table_name, w.column_name, w.json_path, h.kind
ORDER BY w.table_name, w.column_name, w.json_path, h.kind;
