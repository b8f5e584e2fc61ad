-- purge-retention (issue 10): the purge ledger, the evidence a compliance audit asks for. One row
-- per job instance, table, tier, partition and action: what the purge removed (rows, the range of
-- their ids, bytes freed by a dropped partition). Chunked deletes add to their row in the same
-- transaction as the delete, so a restart never counts a row twice. No personal data.
CREATE TABLE lifecycle_purge_ledger (
  id               BIGSERIAL   PRIMARY KEY,
  job_instance_id  BIGINT      NOT NULL,
  as_of            DATE        NOT NULL,
  table_name       TEXT        NOT NULL,
  tier             TEXT        NOT NULL DEFAULT '',
  partition_name   TEXT        NOT NULL DEFAULT '',
  action           TEXT        NOT NULL CHECK (action IN ('partition dropped', 'rows deleted', 'rows kept by holds')),
  row_count        BIGINT      NOT NULL DEFAULT 0,
  min_id           BIGINT,
  max_id           BIGINT,
  bytes_freed      BIGINT      NOT NULL DEFAULT 0,
  recorded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT lifecycle_purge_ledger_once UNIQUE (job_instance_id, table_name, tier, partition_name, action)
);
CREATE INDEX idx_lifecycle_purge_ledger_as_of ON lifecycle_purge_ledger (as_of);

-- A month partition purge-retention has detached and not yet dropped (the detach is one short
-- transaction, the checks, the records and the drop another): a rerun after a crash in between
-- finishes it, or attaches the month again when it turns out to hold a row not yet expired.
CREATE TABLE lifecycle_purge_detached (
  leaf             TEXT        PRIMARY KEY,
  parent           TEXT        NOT NULL,
  tier             TEXT        NOT NULL,
  range_from       TIMESTAMPTZ NOT NULL,
  range_to         TIMESTAMPTZ NOT NULL,
  job_instance_id  BIGINT      NOT NULL,
  detached_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Legal holds: a resource (resource_type, resource_id as in audit_logs: BOOKING and a booking id
-- hold the booking's audit trail and its booking_history row) that no purge may remove while the
-- hold is active (not released, and held_until not passed). `reason` is a case reference, never
-- personal data; `held_by` and `released_by` are the OS users who typed the command.
CREATE TABLE legal_holds (
  id             BIGSERIAL   PRIMARY KEY,
  resource_type  VARCHAR(50) NOT NULL,
  resource_id    BIGINT      NOT NULL,
  reason         TEXT        NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  held_by        TEXT        NOT NULL,
  held_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  held_until     DATE,
  released_by    TEXT,
  released_at    TIMESTAMPTZ
);
CREATE INDEX idx_legal_holds_active ON legal_holds (resource_type, resource_id) WHERE released_at IS NULL;

-- Held audit rows of a month partition the purge dropped: copied here before the drop, so a hold
-- never keeps a whole month alive and never loses a row; purged from here once no active hold
-- covers them and their expiry has passed. They still hold personal data: verify-integrity reads
-- them as existing audit rows, and the GDPR jobs and the PII scan must cover this table.
CREATE TABLE audit_logs_held (
  LIKE audit_logs INCLUDING DEFAULTS,
  kept_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (id)
);
CREATE INDEX idx_audit_logs_held_resource ON audit_logs_held (resource_type, resource_id);

-- verify-integrity asks, for each referenced audit id that is gone, whether a purge removed it:
-- the purge records runs of ids (one id each for rows deleted one by one), many thousands a night,
-- so the question must be an index lookup, not a scan of the ranges.
CREATE INDEX idx_lifecycle_purged_audit_ranges_ids ON lifecycle_purged_audit_ranges
  USING gist (int8range(min_id, max_id, '[]'));
