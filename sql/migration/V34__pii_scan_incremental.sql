-- scan-pii follows the night's work (issue 19): each night scans, chunk by chunk, what became due
-- or was written since the last completed scan plus a rotating share, so that every booking past
-- the limit is scanned again within a set number of nights; mode=full scans everything. What
-- it needs to remember between nights, and what a finding is until its rows are scanned clean.
-- Counts, names, ids and dates only: no value of a row is stored anywhere here.

-- pii_scans keeps one row per completed real scan. findings is now what is still open after the
-- scan (every finding of earlier scans whose rows were not scanned clean since, plus tonight's):
-- what status and the data-integrity alert read. found is what this scan itself found, cleared
-- what it found clean again. A scan before this version was a full scan: its findings were found.
ALTER TABLE pii_scans
  ADD COLUMN mode                VARCHAR(12) NOT NULL DEFAULT 'full' CHECK (mode IN ('full', 'incremental')),
  ADD COLUMN found               BIGINT      NOT NULL DEFAULT 0,
  ADD COLUMN cleared             BIGINT      NOT NULL DEFAULT 0,
  -- the bookings past the limit (and erased guests' bookings), held ones left out
  ADD COLUMN bookings_in_scope   BIGINT,
  -- jobs/scan-pii.yml's scan-pii.rescan-within-nights when it ran
  ADD COLUMN rescan_within       INTEGER,
  -- the asOf since which every booking in scope was scanned at least once (NULL: not all yet)
  ADD COLUMN covered_since       DATE,
  -- the transaction id (xid8, as a number) below which every transaction had ended when the
  -- scan was planned: whatever was written by a transaction from there on is looked at again
  ADD COLUMN marker              BIGINT;
UPDATE pii_scans SET found = findings;

-- pii_findings keeps, per scan, what is open after it by table, column, key path and kind: rows
-- still open (whoever found them), found those of them this scan found.
ALTER TABLE pii_findings ADD COLUMN found BIGINT NOT NULL DEFAULT 0;
UPDATE pii_findings SET found = rows;

-- The findings open now, per subject whose rows hold them: a booking (its history row and the
-- audit rows of the booking) or a guest's user account (its login rows). Replaced whenever the
-- subject is scanned again, so a finding stays open, and counted, until its rows are scanned
-- clean; a subject no longer in scope (purged, held) is closed by the next scan.
CREATE TABLE pii_open_findings (
  subject_type        VARCHAR(7)  NOT NULL CHECK (subject_type IN ('BOOKING', 'USER')),
  subject_id          BIGINT      NOT NULL,
  table_name          VARCHAR(63) NOT NULL,
  column_name         VARCHAR(63) NOT NULL,
  json_path           TEXT        NOT NULL,
  kind                VARCHAR(20) NOT NULL
    CHECK (kind IN ('email', 'phone', 'ip address', 'not masked', 'guest value')),
  rows                BIGINT      NOT NULL CHECK (rows > 0),
  -- a user account of an erased guest: every login of it is in scope, not only those before the limit
  all_logins          BOOLEAN     NOT NULL DEFAULT FALSE,
  first_found_as_of   DATE        NOT NULL,
  last_found_as_of    DATE        NOT NULL,
  last_found_instance BIGINT      NOT NULL,
  PRIMARY KEY (subject_type, subject_id, table_name, column_name, json_path, kind)
);

-- The rotating share, by blocks of 10,000 booking ids (original_booking_id / 10000): the asOf
-- each block was last scanned whole (every booking of it in scope). Each night scans the blocks
-- scanned longest ago, enough of them to go round in rescan-within-nights nights, and every block
-- older than that.
CREATE TABLE pii_scan_blocks (
  block           BIGINT PRIMARY KEY,
  scanned_as_of   DATE   NOT NULL,
  job_instance_id BIGINT NOT NULL
);

-- What the last scan knew of each table it looks for written rows in (booking_history, each leaf
-- of audit_logs, audit_logs_held, audit_logs_legacy): the statistics' count of rows inserted and
-- updated then, and the marker its rows were compared with. A table whose count has not moved
-- since is not read for written rows again; one whose count moved is read for rows written since
-- its marker.
CREATE TABLE pii_scan_relations (
  relation    TEXT        PRIMARY KEY,
  relid       OID         NOT NULL,
  written     BIGINT      NOT NULL,
  marker      BIGINT      NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A scan's plan and work list while it runs (a dry run's too), kept by job instance so that a
-- restart scans what the first execution planned and continues after its last chunk; removed
-- when the scan completes.
CREATE TABLE pii_scan_plans (
  job_instance_id   BIGINT      PRIMARY KEY,
  as_of             DATE        NOT NULL,
  limit_date        DATE        NOT NULL,
  mode              VARCHAR(12) NOT NULL CHECK (mode IN ('full', 'incremental')),
  since_as_of       DATE,
  since_limit       DATE,
  marker            BIGINT      NOT NULL,
  bookings_in_scope BIGINT      NOT NULL,
  held_back         BIGINT      NOT NULL,
  rescan_within     INTEGER     NOT NULL,
  -- the blocks this scan covers whole (its rotating share, or all of them), and every block in scope
  share_blocks      BIGINT[]    NOT NULL,
  scope_blocks      BIGINT[]    NOT NULL,
  -- the tables read for written rows, with their count and the marker to remember once it completes
  relations         JSONB       NOT NULL,
  -- why the bookings were planned: due since the last scan, written since, open findings, share
  reasons           JSONB       NOT NULL,
  planned_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE pii_scan_work (
  job_instance_id BIGINT     NOT NULL,
  subject_type    VARCHAR(7) NOT NULL CHECK (subject_type IN ('BOOKING', 'USER')),
  subject_id      BIGINT     NOT NULL,
  all_logins      BOOLEAN    NOT NULL DEFAULT FALSE,
  PRIMARY KEY (job_instance_id, subject_type, subject_id)
);
