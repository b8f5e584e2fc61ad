-- erase-guest's residual check over one table of audit rows (%1$s: audit_logs, audit_logs_held, or
-- audit_logs_legacy while a conversion keeps it; from that whitelist), read-only, after the
-- masking. Every string at any depth of old_values, new_values and metadata (and ip_address) is
-- compared by keyed hash with the fingerprints the erasure took before masking
-- (lifecycle_erasure_hits):
--   * the guest's own rows (resource BOOKING of a booking the erasure masks, resource USER of an
--     account it masks) for everything: a whole value, an email, a phone number, a word of the
--     name, two words of the free text, any keyed pseudonym;
--   * every other row for the guest's email addresses and pseudonyms only (they name the guest
--     wherever they are; a namesake's name or a shared word does not), found first in the
--     column's text, then walked for the key path.
-- Rows of the guest's bookings and accounts a legal hold keeps are left out. Counts rows per
-- column, key path and kind; never returns a value.
-- Parameters: job instance id, asOf, erasure inner pad, outer pad.
WITH RECURSIVE p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of, CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey
),
ids AS (
  SELECT ARRAY(SELECT s.booking_id FROM lifecycle_erasure_stays(p.inst, p.as_of) s) AS stays,
         ARRAY(SELECT a.user_id FROM lifecycle_erasure_accounts(p.inst, p.as_of) a) AS accounts,
         ARRAY(SELECT e.booking_id FROM lifecycle_erasure_bookings e WHERE e.job_instance_id = p.inst) AS bookings,
         ARRAY(SELECT u.user_id FROM lifecycle_erasure_users u WHERE u.job_instance_id = p.inst) AS users
  FROM p
),
own AS (
  SELECT a.id, a.old_values, a.new_values, a.metadata, a.ip_address
  FROM %1$s a, ids WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (ids.stays)
  UNION ALL
  SELECT a.id, a.old_values, a.new_values, a.metadata, a.ip_address
  FROM %1$s a, ids WHERE a.resource_type = 'USER' AND a.resource_id = ANY (ids.accounts)
),
docs AS (
  SELECT o.id, TRUE AS own, d.column_name, d.doc
  FROM own o
  CROSS JOIN LATERAL (VALUES ('old_values', o.old_values), ('new_values', o.new_values), ('metadata', o.metadata),
                             ('ip_address', to_jsonb(o.ip_address))) d (column_name, doc)
  WHERE d.doc IS NOT NULL
  UNION ALL
  SELECT a.id, FALSE, d.column_name, d.doc
  FROM %1$s a
  CROSS JOIN p CROSS JOIN ids
  CROSS JOIN LATERAL (VALUES ('old_values', a.old_values), ('new_values', a.new_values),
                             ('metadata', a.metadata)) d (column_name, doc)
  WHERE d.doc IS NOT NULL
    AND NOT (a.resource_type = 'BOOKING' AND a.resource_id = ANY (ids.bookings))
    AND NOT (a.resource_type = 'USER' AND a.resource_id = ANY (ids.users))
    AND (d.doc::text LIKE '%%@%%' OR d.doc::text LIKE '%%pseud-%%')
    AND EXISTS (SELECT 1 FROM lifecycle_erasure_hits(d.doc::text, p.inst, p.ikey, p.okey, FALSE))
),
walk (id, own, column_name, json_path, node) AS (
  SELECT id, own, column_name, '', doc FROM docs
  UNION ALL
  SELECT w.id, w.own, w.column_name, w.json_path || e.step, e.node
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
SELECT '%1$s' AS table_name, w.column_name, w.json_path, h.kind, count(DISTINCT w.id) AS rows
FROM walk w
CROSS JOIN p
CROSS JOIN LATERAL lifecycle_erasure_hits(w.node #>> '{}', p.inst, p.ikey, p.okey, w.own) h
WHERE jsonb_typeof(w.node) = 'string'
GROUP BY w.column_name, w.json_path, h.kind
ORDER BY w.column_name, w.json_path, h.kind;
