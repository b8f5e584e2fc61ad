-- The subjects of the rows of one table of audit rows (%%1$s: a leaf of audit_logs, audit_logs_held,
-- audit_logs_legacy; a name from the catalog) written since the table's marker
-- (written-since-function.sql): the bookings of BOOKING rows, the user accounts of login rows
-- created before the limit's first instant in UTC. One sequential read of that table alone, done
-- only when its statistics' count of written rows moved since the last scan (plan-relations.sql).
-- Parameters: the table's marker, the limit date.
INSERT INTO pg_temp.pii_written (resource_type, resource_id)
SELECT DISTINCT a.resource_type, a.resource_id
FROM %1$s a,
     (SELECT CAST(? AS BIGINT) AS marker, CAST(CAST(? AS DATE) AS TIMESTAMP) AT TIME ZONE 'UTC' AS limit_at,
             CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT) AS next_xid) p
WHERE pg_temp.pii_written_since(a.xmin, p.marker, p.next_xid)
  AND a.resource_id IS NOT NULL
  AND (a.resource_type = 'BOOKING'
       OR (a.resource_type = 'USER' AND a.action LIKE '%%LOGIN%%' AND a.created_at < p.limit_at))
