-- verify-integrity also checks audit_log_ids: every referenced audit row must exist, unless the
-- retention purge removed it (recorded in lifecycle_purged_audit_ranges). Findings gain the audit
-- id concerned (0 when none) and three kinds:
--   audit_id_dangling  referenced, absent, never purged: an integrity failure
--   audit_id_purged    referenced, absent, purged by retention: expected, reported
--   audit_trail_empty  the booking has no audit row at all: audit coverage gap, reported
ALTER TABLE integrity_findings ADD COLUMN audit_log_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE integrity_findings DROP CONSTRAINT integrity_findings_finding_check;
ALTER TABLE integrity_findings ADD CONSTRAINT integrity_findings_finding_check
  CHECK (finding IN ('hash_missing', 'hash_mismatch', 'audit_id_dangling', 'audit_id_purged', 'audit_trail_empty'));
ALTER TABLE integrity_findings DROP CONSTRAINT integrity_findings_once;
ALTER TABLE integrity_findings ADD CONSTRAINT integrity_findings_once
  UNIQUE (job_instance_id, booking_history_id, finding, audit_log_id);
