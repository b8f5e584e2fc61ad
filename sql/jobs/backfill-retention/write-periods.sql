-- The tier periods of jobs/purge-retention.yml, written where the audit_logs trigger reads them.
-- Parameters: tier, years.
INSERT INTO lifecycle_retention_periods (tier, years) VALUES (?, ?)
ON CONFLICT (tier) DO UPDATE SET years = EXCLUDED.years, updated_at = now();
