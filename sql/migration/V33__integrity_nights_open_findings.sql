-- verify-integrity follows the night's work (issue 19). A night verifies the history rows written
-- or changed since the last verified point (their xmin against the transaction boundary of the
-- last completed night), a window of older rows that moves on each night so that every row is
-- re-verified within N nights (integrity.within-nights), and the rows of open failures; mode=full
-- verifies everything. Ids, dates and counts only: these tables hold no personal data.

-- One row per real (not dry) job instance: what its night covers, kept as evidence (show, status
-- and the web page read it) and as the next night's starting point. Written by the night's first
-- step; completed_at is set by its last, so only a night that did all its work moves the point on.
--   boundary_xid      pg_snapshot_xmin of the plan: every transaction before it had ended; the next
--                     night verifies rows whose xmin is at or after the newest completed boundary
--   since_xid         the point this night started from (NULL for a full night)
--   until_xid         pg_snapshot_xmax of the plan: xmin in [since_xid, until_xid) means changed
--   history_after/through  the night's window of booking_history ids, (after, through]; NULL after:
--                     from the first id, NULL through: to the last (the sweep ends)
--   audit_after/through    the same over audit_logs ids, for the duplicate-id check
--   audit_new_after   audit ids above it are new since the last night and are all checked
--   audit_max_id      max(audit_logs.id) at the plan: the next night's audit_new_after
--   sweep_started_on  asOf of the sweep's first night: the window reaches the last id by night N
--   superseded_by     a later night planned while this one was not completed: its rows are gone,
--                     it never completes (the point moves on only by nights that did all they planned)
CREATE TABLE integrity_nights (
  job_instance_id   BIGINT      PRIMARY KEY,
  as_of             DATE        NOT NULL,
  mode              VARCHAR(12) NOT NULL CHECK (mode IN ('full', 'incremental')),
  reason            VARCHAR(80) NOT NULL,
  within_nights     INTEGER     NOT NULL CHECK (within_nights BETWEEN 1 AND 366),
  boundary_xid      XID8        NOT NULL,
  since_xid         XID8,
  until_xid         XID8        NOT NULL,
  sweep_started_on  DATE        NOT NULL,
  history_after     BIGINT,
  history_through   BIGINT,
  audit_after       BIGINT,
  audit_through     BIGINT,
  audit_new_after   BIGINT,
  audit_max_id      BIGINT,
  planned_rows      BIGINT      NOT NULL DEFAULT 0,
  changed_rows      BIGINT      NOT NULL DEFAULT 0,
  window_rows       BIGINT      NOT NULL DEFAULT 0,
  open_rows         BIGINT      NOT NULL DEFAULT 0,
  planned_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  completed_at      TIMESTAMPTZ,
  superseded_by     BIGINT
);
CREATE INDEX idx_integrity_nights_completed ON integrity_nights (planned_at) WHERE completed_at IS NOT NULL;

-- The history rows of an incremental night, written by its plan and read by its steps in id order
-- (a restart reads the same rows); deleted when the night completes.
CREATE TABLE integrity_night_rows (
  job_instance_id    BIGINT NOT NULL,
  booking_history_id BIGINT NOT NULL,
  PRIMARY KEY (job_instance_id, booking_history_id)
);

-- Findings stay open until their row (or audit id) is re-verified clean: the alert, status and
-- the web page count these, not the last night's, so a failure outside tonight's window stays
-- counted. One open row per history row, kind and audit id (booking_history_id 0 for an audit id
-- held twice); resolved rows are kept as evidence. Ids only.
CREATE TABLE integrity_open_findings (
  id                       BIGSERIAL   PRIMARY KEY,
  booking_history_id       BIGINT      NOT NULL,
  original_booking_id      BIGINT      NOT NULL,
  finding                  VARCHAR(30) NOT NULL,
  audit_log_id             BIGINT      NOT NULL DEFAULT 0,
  first_found_on           DATE        NOT NULL,
  first_job_instance_id    BIGINT      NOT NULL,
  last_found_on            DATE        NOT NULL,
  last_job_instance_id     BIGINT      NOT NULL,
  resolved_on              DATE,
  resolved_job_instance_id BIGINT,
  resolution               VARCHAR(20) CHECK (resolution IN ('verified clean', 'row removed')),
  CHECK ((resolved_on IS NULL) = (resolution IS NULL))
);
CREATE UNIQUE INDEX integrity_open_findings_open ON integrity_open_findings (booking_history_id, finding, audit_log_id)
  WHERE resolved_on IS NULL;
CREATE INDEX idx_integrity_open_findings_kind ON integrity_open_findings (finding) WHERE resolved_on IS NULL;

-- an audit id held by more than one row is now recorded too (booking_history_id 0)
ALTER TABLE integrity_findings DROP CONSTRAINT integrity_findings_finding_check;
ALTER TABLE integrity_findings ADD CONSTRAINT integrity_findings_finding_check
  CHECK (finding IN ('hash_missing', 'hash_mismatch', 'audit_id_dangling', 'audit_id_purged', 'audit_trail_empty',
                     'audit_id_duplicate'));
ALTER TABLE integrity_open_findings ADD CONSTRAINT integrity_open_findings_finding_check
  CHECK (finding IN ('hash_missing', 'hash_mismatch', 'audit_id_dangling', 'audit_id_purged', 'audit_trail_empty',
                     'audit_id_duplicate'));
