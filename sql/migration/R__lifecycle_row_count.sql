-- lifecycle_row_count(tbl, predicate, exact): how many rows of a table match a predicate, for the
-- status dashboard, without scanning a large table unless asked to. Parameters, in order:
--   tbl        the table, plain or partitioned (any depth: audit_logs goes tier -> month);
--   predicate  a boolean SQL expression over the table's columns, 'TRUE' for every row;
--   exact      true: count(*), whatever it costs (`status --exact`, the demo's table).
-- Returns row_count and estimated (whether any part of row_count is an estimate).
-- Otherwise the count is taken per leaf (a plain table is its own leaf): 'TRUE' is the catalog's
-- pg_class.reltuples, any other predicate the planner's row estimate of the leaf's counting query
-- (EXPLAIN (FORMAT JSON), the count_estimate idiom; the planner never estimates below 1 row). A
-- leaf without statistics is counted exactly: reltuples = -1 (never vacuumed nor analyzed), or
-- relpages = 0 (never analyzed, or analyzed while empty and filled since: reltuples 0 would be
-- wrong, and counting a leaf that is really empty costs nothing).
-- The predicate is SQL text run as it is: it comes only from the suite's own SQL files
-- (sql/jobs/<job>/status.sql), never from a user or a job parameter.

CREATE OR REPLACE FUNCTION lifecycle_row_count(tbl REGCLASS, predicate TEXT DEFAULT 'TRUE',
    exact BOOLEAN DEFAULT FALSE)
  RETURNS TABLE (row_count BIGINT, estimated BOOLEAN)
  LANGUAGE plpgsql VOLATILE -- PostgreSQL allows EXPLAIN only in a volatile function
AS $$
DECLARE
  every_row CONSTANT BOOLEAN := upper(btrim(predicate)) = 'TRUE';
  leaf RECORD;
  leaf_rows BIGINT;
  plan JSON;
BEGIN
  IF (SELECT c.relkind FROM pg_class c WHERE c.oid = tbl) NOT IN ('r', 'p') THEN
    RAISE EXCEPTION 'lifecycle_row_count counts tables; % is not one', tbl;
  END IF;
  row_count := 0;
  estimated := FALSE;
  IF exact THEN
    EXECUTE format('SELECT count(*) FROM %s WHERE %s', tbl, predicate) INTO row_count;
    RETURN NEXT;
    RETURN;
  END IF;
  -- pg_partition_tree lists nothing for a plain table, hence the UNION with the table itself;
  -- relkind 'p' (a partitioned table) holds no rows of its own.
  FOR leaf IN
    SELECT c.oid::REGCLASS AS relation, c.reltuples, c.relpages
    FROM pg_class c
    WHERE c.oid IN (SELECT t.relid FROM pg_partition_tree(tbl) t UNION SELECT tbl)
      AND c.relkind <> 'p'
  LOOP
    IF leaf.reltuples < 0 OR leaf.relpages = 0 THEN
      EXECUTE format('SELECT count(*) FROM %s WHERE %s', leaf.relation, predicate) INTO leaf_rows;
    ELSIF every_row THEN
      leaf_rows := leaf.reltuples::BIGINT;
      estimated := TRUE;
    ELSE
      EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM %s WHERE %s', leaf.relation, predicate) INTO plan;
      leaf_rows := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::NUMERIC::BIGINT;
      estimated := TRUE;
    END IF;
    row_count := row_count + leaf_rows;
  END LOOP;
  RETURN NEXT;
END
$$;
