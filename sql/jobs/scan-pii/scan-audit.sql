-- scan-pii over one table of audit rows (audit_logs, audit_logs_held, audit_logs_legacy while a
-- conversion keeps it; %1$s is the table, from that whitelist), one read-only statement:
-- the audit rows in scope (every row of a booking in scope; the login rows of its guest's user
-- account: before the limit, or all of them for an erased guest), every string at any depth of
-- old_values, new_values and metadata with its key path (keys joined by dots, [] for an array
-- element, so a key the platform starts writing is named), and ip_address, each classified by
-- pg_temp.pii_kind (classify-function.sql). Counts rows per column, key path and kind; never
-- returns a value.
-- Parameters: the masked forms (TEXT[]).
WITH RECURSIVE p AS (
  SELECT CAST(? AS TEXT[]) AS forms
),
documents AS (
  SELECT a.id, a.resource_id AS subject, s.guest_values, d.column_name, d.doc
  FROM %1$s a
  JOIN pii_scope s ON s.resource_type = a.resource_type AND s.resource_id = a.resource_id
  CROSS JOIN LATERAL (VALUES ('old_values', a.old_values), ('new_values', a.new_values),
                             ('metadata', a.metadata), ('ip_address', to_jsonb(a.ip_address))) d (column_name, doc)
  WHERE (a.resource_type = 'BOOKING'
         OR (a.action LIKE '%%LOGIN%%' AND (s.logins_before IS NULL OR a.created_at < s.logins_before)))
    AND d.doc IS NOT NULL
),
walk (id, subject, guest_values, column_name, json_path, node) AS (
  SELECT id, subject, guest_values, column_name, '', doc FROM documents
  UNION ALL
  SELECT w.id, w.subject, w.guest_values, w.column_name, w.json_path || e.step, e.node
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
SELECT '%1$s' AS table_name, w.column_name, w.json_path, k.kind, count(DISTINCT w.id) AS rows
FROM walk w
CROSS JOIN p
CROSS JOIN LATERAL (SELECT pg_temp.pii_kind(w.node #>> '{}', w.subject, p.forms, w.guest_values, FALSE) AS kind) k
WHERE jsonb_typeof(w.node) = 'string' AND k.kind IS NOT NULL
GROUP BY w.column_name, w.json_path, k.kind
ORDER BY w.column_name, w.json_path, k.kind;
