-- What backfill-retention adds to the status dashboard, in display order: the audit rows, and
-- those it has still to fill (no retention tier, no expiry). Parameter: exact (BOOLEAN; false:
-- catalog and planner estimates).
SELECT f.figure, c.row_count, c.estimated
FROM (VALUES (1, 'audit rows', 'audit_logs'::REGCLASS, 'TRUE'),
             (2, 'audit without tier', 'audit_logs'::REGCLASS, 'retention_tier IS NULL'),
             (3, 'audit without expiry', 'audit_logs'::REGCLASS, 'data_retention_expires_at IS NULL'))
       AS f (position, figure, tbl, predicate)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.predicate, CAST(? AS BOOLEAN)) c
ORDER BY f.position;
