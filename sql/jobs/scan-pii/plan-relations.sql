-- The tables scan-pii reads for rows written since its last scan, with the statistics' count of
-- rows inserted and updated in each (pg_stat_user_tables, n_tup_ins + n_tup_upd) and what the last
-- completed scan recorded of it (pii_scan_relations): booking_history ('history'), each leaf of
-- audit_logs (audit_logs itself while it is a plain table), audit_logs_held, audit_logs_legacy
-- while a conversion keeps it ('audit'). Read before the marker is taken (plan-marker.sql), so a
-- write counted here was committed before it. Names as regclass text (quoted where needed).
-- Parameters: none.
WITH tables AS (
  SELECT 'history' AS role, CAST('booking_history' AS REGCLASS) AS relid
  UNION ALL
  -- audit_logs while plain (pg_partition_tree lists nothing for a plain table), its leaves once partitioned
  SELECT 'audit', c.oid FROM pg_class c WHERE c.oid = CAST('audit_logs' AS REGCLASS) AND c.relkind = 'r'
  UNION ALL
  SELECT 'audit', t.relid FROM pg_partition_tree('audit_logs') t WHERE t.isleaf
  UNION ALL
  SELECT 'audit', to_regclass(n) FROM unnest(ARRAY['audit_logs_held', 'audit_logs_legacy']) n
  WHERE to_regclass(n) IS NOT NULL
)
SELECT t.role, CAST(t.relid AS TEXT) AS relation, CAST(t.relid AS OID) AS relid,
       COALESCE(s.n_tup_ins + s.n_tup_upd, 0) AS written,
       r.relid AS recorded_relid, r.written AS recorded_written, r.marker AS recorded_marker
FROM tables t
LEFT JOIN pg_stat_user_tables s ON s.relid = t.relid
LEFT JOIN pii_scan_relations r ON r.relation = CAST(t.relid AS TEXT)
ORDER BY t.role DESC, CAST(t.relid AS TEXT)
