-- scan-pii (issue 9): what each scan found. One row per real (not dry) run in pii_scans, with the
-- limit it applied and how much it looked at; one row per table, column, JSON key path and kind
-- of value in pii_findings, with the number of rows that hold it. Counts and paths only, never a
-- value: these tables hold no personal data. Kept by execution, so a restart of the same night
-- records its own scan; outlives the pruned job history (`show`, `status` read them).
CREATE TABLE pii_scans (
  job_execution_id BIGINT      PRIMARY KEY,
  job_instance_id  BIGINT      NOT NULL,
  as_of            DATE        NOT NULL,
  limit_date       DATE        NOT NULL,
  bookings_scanned BIGINT      NOT NULL,
  held_back        BIGINT      NOT NULL,
  findings         BIGINT      NOT NULL,
  scanned_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_pii_scans_as_of ON pii_scans (as_of, job_execution_id);

CREATE TABLE pii_findings (
  job_execution_id BIGINT      NOT NULL REFERENCES pii_scans (job_execution_id) ON DELETE CASCADE,
  table_name       VARCHAR(63) NOT NULL,
  column_name      VARCHAR(63) NOT NULL,
  json_path        TEXT        NOT NULL, -- '' for a plain column; key path such as guest.email, notes[].email
  kind             VARCHAR(20) NOT NULL
    CHECK (kind IN ('email', 'phone', 'ip address', 'not masked', 'guest value')),
  rows             BIGINT      NOT NULL CHECK (rows > 0),
  PRIMARY KEY (job_execution_id, table_name, column_name, json_path, kind)
);
