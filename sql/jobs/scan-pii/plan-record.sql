-- scan-pii's plan for its job instance (pii_scan_plans), written with its work list in the plan's
-- transaction: what the later steps and a restart read. The blocks come from plan-share.sql; the
-- tables' change state (to record once the scan completes) and the reasons' counts are given.
-- Parameters: job instance, asOf, limit date, mode, the last scan's asOf and limit date (NULL on a
-- full scan), marker, bookings in scope, held back, nights; then the tables as arrays of the same
-- length: names (TEXT[]), oids, counts of written rows, markers (BIGINT[]); then the bookings
-- planned, due, written, with an open finding, in the share, and the tables read for written rows.
INSERT INTO pii_scan_plans (job_instance_id, as_of, limit_date, mode, since_as_of, since_limit, marker,
                            bookings_in_scope, held_back, rescan_within, share_blocks, scope_blocks, relations,
                            reasons)
SELECT CAST(? AS BIGINT), CAST(? AS DATE), CAST(? AS DATE), CAST(? AS TEXT), CAST(? AS DATE), CAST(? AS DATE),
       CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER),
       COALESCE((SELECT array_agg(block ORDER BY block) FROM pii_share WHERE in_share), '{}'),
       COALESCE((SELECT array_agg(block ORDER BY block) FROM pii_share), '{}'),
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('relation', r.relation, 'relid', r.relid, 'written', r.written,
                                                     'marker', r.marker)), '[]')
        FROM unnest(CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]))
          AS r (relation, relid, written, marker)),
       jsonb_build_object('planned', CAST(? AS BIGINT), 'due', CAST(? AS BIGINT), 'written', CAST(? AS BIGINT),
                          'open', CAST(? AS BIGINT), 'share', CAST(? AS BIGINT), 'tables_read', CAST(? AS BIGINT))
