-- scan-pii's change marker, the one definition, created for the scan's session (pg_temp, like
-- classify-function.sql): whether a row was written (inserted, or updated: an update writes a new
-- row version) by a transaction whose id is the marker or later. PostgreSQL sets xmin, the
-- writer's transaction id, on every row version; no SQL writer can choose or skip it. xmin holds
-- the id's low 32 bits: the full id is the nearest one at or below the statement's next id with
-- those bits, exact for every row whose writer is less than 2^32 transactions old (wraparound
-- protection keeps unfrozen rows far younger). A frozen row keeps its xmin and reads as old.
-- Function parameters: the row's xmin, the marker (an xid8 as BIGINT), the next transaction id
-- when the statement started (pg_snapshot_xmax(pg_current_snapshot()) as BIGINT; given by the
-- caller once per statement, so the function is a plain expression the planner inlines).
CREATE OR REPLACE FUNCTION pg_temp.pii_written_since(row_xmin XID, marker BIGINT, next_xid BIGINT)
RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
  SELECT (next_xid - CAST(CAST(row_xmin AS TEXT) AS BIGINT)) % 4294967296 <= next_xid - marker
$$
