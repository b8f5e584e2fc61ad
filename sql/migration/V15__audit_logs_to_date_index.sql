-- The audit rows backfill-retention still has to date (sql/jobs/backfill-retention/ids-to-fill.sql
-- in mode 'missing'): after the one-off backfill, only rows written with the trigger bypassed, so
-- a rerun and its "left to do" read an index, not the table. CONCURRENTLY, outside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_logs_to_date
  ON audit_logs (id) WHERE retention_tier IS NULL OR data_retention_expires_at IS NULL;
