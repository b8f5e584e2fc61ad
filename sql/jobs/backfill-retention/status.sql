-- What backfill-retention adds to the status dashboard, in display order: the audit rows, and
-- those it has still to fill (no retention tier, no expiry). The two to fill are compliance
-- figures, always counted exactly through the partial index idx_audit_logs_to_date (V15, on every
-- leaf of a partitioned audit_logs); the audit rows are the catalog's estimate unless exact is
-- asked. Parameter: exact (BOOLEAN).
SELECT f.figure, c.row_count, c.estimated
FROM (VALUES (1, 'audit rows', 'audit_logs'::REGCLASS, 'TRUE', FALSE),
             (2, 'audit without tier', 'audit_logs'::REGCLASS, 'retention_tier IS NULL', TRUE),
             (3, 'audit without expiry', 'audit_logs'::REGCLASS, 'data_retention_expires_at IS NULL', TRUE))
       AS f (position, figure, tbl, predicate, compliance)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.predicate, f.compliance OR CAST(? AS BOOLEAN)) c
ORDER BY f.position;
