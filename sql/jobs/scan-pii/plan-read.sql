-- scan-pii's plan of a job instance, as its first execution wrote it, with the reasons' counts and
-- the number of blocks. Parameter: job instance.
SELECT pl.as_of, pl.limit_date, pl.mode, pl.since_as_of, pl.since_limit, pl.bookings_in_scope, pl.held_back,
       pl.rescan_within, cardinality(pl.share_blocks) AS share_blocks, cardinality(pl.scope_blocks) AS scope_blocks,
       CAST(pl.reasons ->> 'planned' AS BIGINT) AS planned, CAST(pl.reasons ->> 'due' AS BIGINT) AS due,
       CAST(pl.reasons ->> 'written' AS BIGINT) AS written, CAST(pl.reasons ->> 'open' AS BIGINT) AS open,
       CAST(pl.reasons ->> 'share' AS BIGINT) AS share, CAST(pl.reasons ->> 'tables_read' AS BIGINT) AS tables_read
FROM pii_scan_plans pl
WHERE pl.job_instance_id = ?
