-- Lookups of a resource's audit trail (backfill of audit_log_ids, verification, erasure).
-- CONCURRENTLY: a production audit_logs keeps taking inserts while this builds; Flyway runs
-- this script outside a transaction (see the .conf beside it).

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_logs_resource
  ON audit_logs (resource_type, resource_id);
