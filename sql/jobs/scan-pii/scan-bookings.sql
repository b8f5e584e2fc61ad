-- scan-pii over one chunk of its work list's bookings, one read-only statement (issue 19: audit
-- rows are read per chunk, never per booking). The chunk's bookings in scope now: a history row
-- whose check-out is before the limit, or a booking of an erased guest (a receipt was written) in
-- booking_history or still in bookings; a legal hold on asOf leaves one out. Looked at: every text
-- column of their history rows (the catalog's, given: a column the platform adds is scanned too),
-- and every string at any depth of old_values, new_values and metadata, with its key path (keys
-- joined by dots, [] for an array element), and ip_address, of their audit rows in each table of
-- audit rows, read once per table for the whole chunk (resource_id = ANY(chunk), and created_at
-- from lifecycle_trail_since of the chunk's earliest booking_created_at on, computed in an
-- initplan so that a partitioned audit_logs reads only the months that can hold them). Each value
-- classified by pg_temp.pii_kind (classify-function.sql), with the booking's guest values: what
-- its history row still holds, unmasked, in a column a rule masks (lower-cased).
-- Returns, never a value: 'finding' rows (booking, table, column, key path, kind, the rows holding
-- it); 'user' rows, the user accounts of the chunk's guests (the user of each BOOKING_CREATED row
-- in audit_logs; one a legal hold keeps is left out), flagged when all their logins are in scope
-- (an erased guest's); one 'scanned' row, how many of the chunk's bookings were in scope.
-- %%1$s: the chunk's audit rows in each table of audit rows (trail-rows.sql, joined by UNION ALL).
-- Parameters: the chunk's booking ids (BIGINT[]), the limit date, asOf, the masked forms (TEXT[]),
-- the columns a rule masks (TEXT[]), booking_history's text columns (TEXT[]), the user accounts a
-- legal hold keeps (BIGINT[]).
WITH RECURSIVE p AS (
  SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS DATE) AS limit_date, CAST(? AS DATE) AS as_of,
         CAST(? AS TEXT[]) AS forms, CAST(? AS TEXT[]) AS masked_columns, CAST(? AS TEXT[]) AS text_columns,
         CAST(? AS BIGINT[]) AS held_users
),
erased AS (
  SELECT DISTINCT e.booking_id
  FROM lifecycle_erasure_bookings e
  JOIN lifecycle_erasure_receipts r ON r.job_instance_id = e.job_instance_id
  WHERE e.booking_id = ANY (CAST((SELECT ids FROM p) AS BIGINT[]))
),
chunk AS (
  SELECT h.original_booking_id AS booking_id, h.booking_created_at AS created_at,
         h.original_booking_id IN (SELECT booking_id FROM erased) AS erased, to_jsonb(h) AS history
  FROM booking_history h, p
  WHERE h.original_booking_id = ANY (p.ids)
    AND (h.check_out_date < p.limit_date OR h.original_booking_id IN (SELECT booking_id FROM erased))
    AND NOT lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
  UNION ALL
  SELECT b.id, b.created_at, TRUE, NULL
  FROM bookings b, p
  WHERE b.id IN (SELECT booking_id FROM erased)
    AND NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id)
    AND NOT lifecycle_held('BOOKING', b.id, p.as_of)
),
history_values AS (
  SELECT c.booking_id, v.key AS column_name, v.value, v.key = ANY (p.masked_columns) AS rule_column
  FROM chunk c, p, jsonb_each_text(c.history) v
  WHERE c.history IS NOT NULL AND v.key = ANY (p.text_columns)
),
guests AS (
  SELECT c.booking_id,
         COALESCE(array_agg(DISTINCT lower(btrim(v.value)))
                    FILTER (WHERE v.rule_column AND length(btrim(v.value)) >= 3
                              AND pg_temp.pii_kind(v.value, c.booking_id, p.forms, '{}', TRUE) IS NOT NULL),
                  '{}') AS guest_values
  FROM chunk c
  CROSS JOIN p
  LEFT JOIN history_values v ON v.booking_id = c.booking_id
  GROUP BY c.booking_id
),
bound AS (
  SELECT lifecycle_trail_since(min(created_at)) AS since FROM chunk
),
trail AS MATERIALIZED (
%1$s
),
documents AS (
  SELECT t.table_name, t.id, t.resource_id AS subject, g.guest_values, d.column_name, d.doc
  FROM trail t
  JOIN guests g ON g.booking_id = t.resource_id
  CROSS JOIN LATERAL (VALUES ('old_values', t.old_values), ('new_values', t.new_values),
                             ('metadata', t.metadata), ('ip_address', to_jsonb(t.ip_address))) d (column_name, doc)
  WHERE d.doc IS NOT NULL
),
walk (table_name, id, subject, guest_values, column_name, json_path, node) AS (
  SELECT table_name, id, subject, guest_values, column_name, '', doc FROM documents
  UNION ALL
  SELECT w.table_name, w.id, w.subject, w.guest_values, w.column_name, w.json_path || e.step, e.node
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT CASE WHEN w.json_path = '' THEN o.key ELSE '.' || o.key END, o.value
    FROM jsonb_each(CASE WHEN jsonb_typeof(w.node) = 'object' THEN w.node ELSE '{}' END) o
    UNION ALL
    SELECT '[]', x.value
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.node) = 'array' THEN w.node ELSE '[]' END) x
  ) e (step, node)
  WHERE jsonb_typeof(w.node) IN ('object', 'array')
),
findings AS (
  SELECT v.booking_id AS subject_id, 'booking_history' AS table_name, v.column_name, '' AS json_path, k.kind,
         count(*) AS rows
  FROM history_values v
  JOIN guests g ON g.booking_id = v.booking_id
  CROSS JOIN p
  CROSS JOIN LATERAL (SELECT pg_temp.pii_kind(v.value, v.booking_id, p.forms, g.guest_values, v.rule_column) AS kind) k
  WHERE k.kind IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT w.subject, w.table_name, w.column_name, w.json_path, k.kind, count(DISTINCT w.id)
  FROM walk w
  CROSS JOIN p
  CROSS JOIN LATERAL (SELECT pg_temp.pii_kind(w.node #>> '{}', w.subject, p.forms, w.guest_values, FALSE) AS kind) k
  WHERE jsonb_typeof(w.node) = 'string' AND k.kind IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
),
users AS (
  SELECT t.user_id, bool_or(c.erased) AS all_logins
  FROM trail t
  JOIN chunk c ON c.booking_id = t.resource_id
  CROSS JOIN p
  WHERE t.table_name = 'audit_logs' AND t.action = 'BOOKING_CREATED' AND t.user_id IS NOT NULL
    AND t.user_id <> ALL (p.held_users)
  GROUP BY t.user_id
)
SELECT 'finding' AS what, subject_id, table_name, column_name, json_path, kind, rows, FALSE AS all_logins
FROM findings
UNION ALL
SELECT 'user', user_id, NULL, NULL, NULL, NULL, NULL, all_logins FROM users
UNION ALL
SELECT 'scanned', NULL, NULL, NULL, NULL, NULL, count(*), NULL FROM chunk
