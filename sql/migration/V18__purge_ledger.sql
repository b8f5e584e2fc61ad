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
  action           TEXT        NOT NULL CHECK (action IN ('partition dropped', 'rows deleted')),
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
