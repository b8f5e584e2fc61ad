-- Records one completed real scan of scan-pii (pii_scans) from its plan: the limit it applied, its
-- mode, what it looked at, what it found, what it cleared, what is open after it (every open
-- finding: what status and the data-integrity alert count), and since when every booking in scope
-- was scanned at least once (the oldest asOf of the scope's blocks once its own are recorded;
-- NULL while a block was never scanned whole). Its findings follow (record-findings.sql).
-- Parameters: job execution id, bookings scanned, rows cleared (chunks and closed), job instance.
INSERT INTO pii_scans (job_execution_id, job_instance_id, as_of, limit_date, bookings_scanned, held_back, findings,
                       mode, found, cleared, bookings_in_scope, rescan_within, covered_since, marker)
SELECT CAST(? AS BIGINT), pl.job_instance_id, pl.as_of, pl.limit_date, CAST(? AS BIGINT), pl.held_back,
       (SELECT COALESCE(sum(o.rows), 0) FROM pii_open_findings o),
       pl.mode,
       (SELECT COALESCE(sum(o.rows), 0) FROM pii_open_findings o WHERE o.last_found_instance = pl.job_instance_id),
       CAST(? AS BIGINT), pl.bookings_in_scope, pl.rescan_within,
       (SELECT CASE WHEN count(m.block) < count(*) THEN NULL ELSE min(m.scanned_as_of) END
        FROM unnest(pl.scope_blocks) b (block) LEFT JOIN pii_scan_blocks m ON m.block = b.block),
       pl.marker
FROM pii_scan_plans pl
WHERE pl.job_instance_id = ?
