-- The seed's "unified data architecture": a history row points at its audit trail and carries a
-- hash of its business fields. BIGINT[], not the seed's INTEGER[]: audit ids outgrow 2^31.
-- No foreign key: PostgreSQL cannot reference array elements (the seed's
-- FOREIGN KEY (audit_log_ids[1]) is invalid); verify-integrity checks the references instead.
-- Adding nullable columns and a constant default is a catalog-only change: no table rewrite.

ALTER TABLE booking_history ADD COLUMN IF NOT EXISTS audit_log_ids BIGINT[];
ALTER TABLE booking_history ADD COLUMN IF NOT EXISTS data_hash CHAR(64);
ALTER TABLE booking_history ADD COLUMN IF NOT EXISTS is_anonymized BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE booking_history ADD COLUMN IF NOT EXISTS anonymized_at TIMESTAMPTZ;
