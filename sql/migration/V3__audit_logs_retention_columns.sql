-- Retention per audit row: its tier (critical 7y, standard 3y, system 1y; periods in
-- jobs/purge-retention.yml) and the date it may be purged, for display, legal holds and checks.
-- Both stay NULL on existing rows until backfill-retention fills them (catalog-only change here).

ALTER TABLE audit_logs ADD COLUMN IF NOT EXISTS retention_tier VARCHAR(10);
ALTER TABLE audit_logs ADD COLUMN IF NOT EXISTS data_retention_expires_at TIMESTAMPTZ;
ALTER TABLE audit_logs
  ADD CONSTRAINT audit_logs_retention_tier_check
  CHECK (retention_tier IN ('critical', 'standard', 'system')) NOT VALID;
