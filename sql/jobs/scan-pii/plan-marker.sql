-- scan-pii's marker for tonight: the oldest transaction id still running (the snapshot's xmin,
-- an xid8 as BIGINT). Every transaction below it had ended, so its writes are visible to the scan;
-- whatever a transaction from the marker on writes is looked at again by the next scan.
-- Parameters: none.
SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)
