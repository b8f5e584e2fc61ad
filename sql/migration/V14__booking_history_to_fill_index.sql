-- The history rows backfill-audit-log-ids still has to fill (sql/jobs/backfill-audit-log-ids/
-- ids-to-fill.sql in mode 'missing'): after the one-off backfill a handful, so the incremental
-- nightly run and its "left to do" read an index, not the table. CONCURRENTLY, outside a
-- transaction (the .conf beside it): the platform keeps writing while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_booking_history_to_fill
  ON booking_history (id) WHERE audit_log_ids IS NULL OR data_hash IS NULL;
