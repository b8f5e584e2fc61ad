-- scan-pii over one chunk of its work list's user accounts (the accounts of the guests of the
-- bookings it scanned, and those with a login finding still open), one read-only statement: their
-- login rows (action %%LOGIN%%) in each table of audit rows, read once per table for the whole
-- chunk (resource_id = ANY(chunk)); in scope, those created before the limit's first instant in
-- UTC whatever the session's time zone (CAST(limit AS TIMESTAMP) AT TIME ZONE 'UTC', as
-- anonymize-guests masks them), every one of an erased guest's account. The reads are bounded by
-- that instant (an initplan, so a partitioned audit_logs reads only the months before it) unless
-- the chunk holds an erased guest's account. Every string at any depth of old_values, new_values
-- and metadata, with its key path, and ip_address, classified by pg_temp.pii_kind with the account
-- as the row's subject. Returns, never a value: one row per account, table, column, key path and
-- kind found, with the rows holding it and whether all the account's logins are in scope.
-- %%1$s: the chunk's login rows in each table of audit rows (login-rows.sql, joined by UNION ALL).
-- Parameters: the chunk's user ids (BIGINT[]), job instance, the limit date, the masked forms
-- (TEXT[]).
WITH RECURSIVE p AS (
  SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS BIGINT) AS instance,
         CAST(CAST(? AS DATE) AS TIMESTAMP) AT TIME ZONE 'UTC' AS limit_at, CAST(? AS TEXT[]) AS forms
),
accounts AS (
  SELECT w.subject_id AS user_id, w.all_logins
  FROM pii_scan_work w
  WHERE w.job_instance_id = (SELECT instance FROM p) AND w.subject_type = 'USER'
    AND w.subject_id = ANY (CAST((SELECT ids FROM p) AS BIGINT[]))
),
bound AS (
  SELECT CASE WHEN bool_or(all_logins) THEN CAST('infinity' AS TIMESTAMPTZ) ELSE (SELECT limit_at FROM p) END
           AS before
  FROM accounts
),
logins AS MATERIALIZED (
%1$s
),
documents AS (
  SELECT l.table_name, l.id, l.resource_id AS subject, s.all_logins, d.column_name, d.doc
  FROM logins l
  JOIN accounts s ON s.user_id = l.resource_id
  CROSS JOIN p
  CROSS JOIN LATERAL (VALUES ('old_values', l.old_values), ('new_values', l.new_values),
                             ('metadata', l.metadata), ('ip_address', to_jsonb(l.ip_address))) d (column_name, doc)
  WHERE d.doc IS NOT NULL AND (s.all_logins OR l.created_at < p.limit_at)
),
walk (table_name, id, subject, all_logins, column_name, json_path, node) AS (
  SELECT table_name, id, subject, all_logins, column_name, '', doc FROM documents
  UNION ALL
  SELECT w.table_name, w.id, w.subject, w.all_logins, w.column_name, w.json_path || e.step, e.node
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
SELECT w.subject AS subject_id, w.table_name, w.column_name, w.json_path, k.kind, count(DISTINCT w.id) AS rows,
       bool_or(w.all_logins) AS all_logins
FROM walk w
CROSS JOIN p
CROSS JOIN LATERAL (SELECT pg_temp.pii_kind(w.node #>> '{}', w.subject, p.forms, '{}', FALSE) AS kind) k
WHERE jsonb_typeof(w.node) = 'string' AND k.kind IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
