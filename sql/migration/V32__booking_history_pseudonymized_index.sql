-- Issue 19: the dashboard's compliance figures are exact, read through partial indexes on stable
-- predicates. History rows still pseudonymized (personal data while the key exists) are few and
-- found here; the rows not yet anonymized use idx_booking_history_anonymize_due (V22), the rows to
-- fill idx_booking_history_to_fill (V14), the audit rows to date idx_audit_logs_to_date (V15).
-- Built CONCURRENTLY (outside a transaction, see the .conf file), so the platform keeps writing.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_booking_history_pseudonymized
  ON booking_history (id) WHERE anonymization = 'pseudonymized';
