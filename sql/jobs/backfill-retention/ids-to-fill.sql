-- The audit rows backfill-retention goes through, the one definition of what is still to date:
-- rows without a tier or without an expiry (rows written before the suite, or before the periods
-- were in the database); in mode 'realign' also every row of a tier whose period changed since its
-- rows were dated (lifecycle_retention_periods.expiries_stale). The next page in one id range, by
-- keyset. (Range bounds, progress and "left to do" are counted with this same query; in mode
-- 'missing' it can use the partial index idx_audit_logs_to_date.)
-- Parameters: the range's first id, its last id, mode, the last id read, page size.
SELECT id
FROM audit_logs
WHERE id BETWEEN ? AND ?
  AND (retention_tier IS NULL OR data_retention_expires_at IS NULL
       OR (CAST(? AS TEXT) = 'realign'
           AND retention_tier IN (SELECT tier FROM lifecycle_retention_periods WHERE expiries_stale)))
  AND id > ?
ORDER BY id
LIMIT ?;
