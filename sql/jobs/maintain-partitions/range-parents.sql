-- The tables maintain-partitions keeps monthly partitions for, under one configured root: the root
-- itself when it is partitioned by range, else each of its partitions that is (audit_logs: one per
-- tier). All read from the catalog. Parameters: the root table's name.
-- Returns: parent (the name to use in DDL, quoted where needed), parent_name (bare, the stem of its
-- months' names), range_column (quoted) and its type, tier (the parent's LIST value, NULL for a
-- root partitioned by range), tier_key (the root's LIST key expression, NULL likewise),
-- default_partition (NULL when the parent has none).
SELECT CAST(t.relid AS REGCLASS)::TEXT AS parent,
       c.relname AS parent_name,
       quote_ident(a.attname) AS range_column,
       format_type(a.atttypid, a.atttypmod) AS range_type,
       (regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES IN \(''([^'']*)''\)$'))[1] AS tier,
       CASE WHEN t.level > 0 THEN substring(pg_get_partkeydef(CAST(t.parentrelid AS OID)) FROM '^LIST \((.*)\)$') END
         AS tier_key,
       (SELECT CAST(d.inhrelid AS REGCLASS)::TEXT
          FROM pg_inherits d JOIN pg_class dc ON dc.oid = d.inhrelid
         WHERE d.inhparent = t.relid AND pg_get_expr(dc.relpartbound, dc.oid) = 'DEFAULT') AS default_partition
FROM pg_partition_tree(CAST(? AS REGCLASS)) t
JOIN pg_class c ON c.oid = t.relid
JOIN pg_partitioned_table p ON p.partrelid = t.relid AND p.partstrat = 'r'
LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
ORDER BY tier NULLS FIRST, parent_name;
