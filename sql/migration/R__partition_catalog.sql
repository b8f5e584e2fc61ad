-- lifecycle_partition_leaves(root): every leaf of a partitioned table with its tier and its range,
-- read from the catalog's partition bounds (never from a partition's name), for maintain-partitions,
-- status and the retention purge. Parameters, in order:
--   root  the partitioned table (audit_logs: LIST (audit_retention_tier(action)) -> RANGE (created_at)).
-- Returns, per leaf: leaf, parent, tier (the LIST value of the leaf's tier, NULL for a table
-- partitioned by range alone), range_from and range_to (NULL for a default partition, or for an
-- unbounded MINVALUE/MAXVALUE side: a purge never drops such a leaf), is_default.
-- pg_get_expr prints timestamptz bounds in the session's time zone with its offset; casting the
-- text back gives the same instant whatever that zone is.

CREATE OR REPLACE FUNCTION lifecycle_partition_leaves(root REGCLASS)
  RETURNS TABLE (leaf REGCLASS, parent REGCLASS, tier TEXT, range_from TIMESTAMPTZ,
                 range_to TIMESTAMPTZ, is_default BOOLEAN)
  LANGUAGE sql STABLE
AS $$
  SELECT t.relid,
         t.parentrelid,
         COALESCE((regexp_match(pg_get_expr(pc.relpartbound, pc.oid), '^FOR VALUES IN \(''([^'']*)''\)$'))[1],
                  (regexp_match(b.bound, '^FOR VALUES IN \(''([^'']*)''\)$'))[1]),
         CAST((regexp_match(b.bound, 'FROM \(''([^'']*)''\) TO'))[1] AS TIMESTAMPTZ),
         CAST((regexp_match(b.bound, 'TO \(''([^'']*)''\)$'))[1] AS TIMESTAMPTZ),
         b.bound = 'DEFAULT'
  FROM pg_partition_tree(root) t
  JOIN pg_class c ON c.oid = t.relid
  LEFT JOIN pg_class pc ON pc.oid = t.parentrelid AND t.level > 1
  CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
  WHERE t.isleaf AND t.level > 0
$$;

-- lifecycle_partition_locks(root): the relations one statement locks when it reads every leaf of a
-- table (a lookup no partition bound prunes, as the platform's trail by resource): every table of
-- its partition tree (the root, each parent, each leaf) and every index on them, each held until
-- the transaction ends. Measured with pg_locks on the platform's lookup: planning opens every
-- leaf and its indexes; PostgreSQL 17 also locks the parents' partitioned indexes, 15 does not
-- (there this count is that many above what the lookup takes: 15 on audit_logs). For a plain
-- table: the table and its indexes. Parameters, in order: root (the table). Returns leaves,
-- relations.
CREATE OR REPLACE FUNCTION lifecycle_partition_locks(root REGCLASS)
  RETURNS TABLE (leaves BIGINT, relations BIGINT)
  LANGUAGE sql STABLE
AS $$
  SELECT count(*) FILTER (WHERE t.isleaf),
         count(*) + COALESCE(sum((SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid)), 0)
  FROM (SELECT relid, isleaf FROM pg_partition_tree(root)
        UNION ALL
        -- a plain table is in no partition tree: it is its one leaf
        SELECT root, TRUE WHERE NOT EXISTS (SELECT 1 FROM pg_partition_tree(root))) t
$$;
