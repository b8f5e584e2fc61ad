-- What backfill-audit-log-ids adds to the status dashboard, in display order: the history rows it
-- has still to fill (no audit_log_ids, no data_hash): compliance figures, always counted exactly
-- through the partial index idx_booking_history_to_fill (V14). Parameter: exact (BOOLEAN; the
-- counts are exact either way).
SELECT f.figure, c.row_count, c.estimated
FROM (VALUES (1, 'history without audit ids', 'booking_history'::REGCLASS, 'audit_log_ids IS NULL'),
             (2, 'history without hash', 'booking_history'::REGCLASS, 'data_hash IS NULL'))
       AS f (position, figure, tbl, predicate)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.predicate, CAST(? AS BOOLEAN) OR TRUE) c
ORDER BY f.position;
