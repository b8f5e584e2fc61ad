-- Partitioned audit_logs (issue 8): the state of an online conversion, and the freeze of the
-- partition key's function.
--
-- The conversion itself (partition-audit-logs) is a job, not a migration: on a populated database
-- it copies in restartable chunks while the platform keeps inserting. It keeps its state here, one
-- row per converted table, so that every step (prepare, copy, swap, verify, drop) knows what is
-- done after a crash, whichever process runs it next, and so that jobs which change audit rows can
-- refuse to run while a conversion is between its copy and its verification.
CREATE TABLE lifecycle_partition_conversions (
  table_name         TEXT        PRIMARY KEY,
  state              TEXT        NOT NULL CHECK (state IN ('copying', 'swapped', 'verified', 'done')),
  copy_max_id        BIGINT      NOT NULL,
  legacy_table       TEXT        NOT NULL,
  started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  swapped_at         TIMESTAMPTZ,
  verified_at        TIMESTAMPTZ,
  keep_legacy_until  TIMESTAMPTZ,
  legacy_dropped_at  TIMESTAMPTZ,
  verify_mismatches  INTEGER
);

-- Ids of plain-table rows updated or deleted while a conversion copies (written by the mirror
-- trigger, R__audit_logs_conversion_mirror.sql): their copies are redone from the plain table before
-- the swap and, for the last ones, inside the swap's transaction, when the plain table is quiet.
CREATE TABLE lifecycle_conversion_changes (
  id BIGINT NOT NULL
);

-- V11's header says changing the mapping means "a new migration that replaces these functions".
-- That is wrong once audit_logs is partitioned by audit_retention_tier(action): replacing the
-- function (CREATE OR REPLACE) would silently route new rows and prune queries by the new text
-- while old rows stay where the old text put them. A landed migration is never edited (its
-- checksum is recorded), so the correction is here and in the catalog, where whoever reads the
-- function sees it; PartitionKeyFreezeTests fails any later migration that redefines it.
COMMENT ON FUNCTION audit_retention_tier(TEXT) IS
  'FROZEN: the partition key of audit_logs (LIST (audit_retention_tier(action))). Never CREATE OR '
  'REPLACE it or audit_retention_class: rows would be routed and pruned by the new text while old '
  'rows stay where the old one put them. A new mapping is a new function and a re-route job.';
COMMENT ON FUNCTION audit_retention_class(TEXT) IS
  'FROZEN: called by audit_retention_tier, the partition key of audit_logs; see its comment.';
