-- Tables of the suite itself (not the platform's).

-- Who runs a job execution: lets `recover` tell a crashed execution (owner process gone) from a
-- live one on this or another host. Written when an execution starts, heartbeat while it runs.
CREATE TABLE lifecycle_execution_owner (
  job_execution_id   BIGINT      PRIMARY KEY REFERENCES batch_job_execution (job_execution_id),
  host               VARCHAR(255) NOT NULL,
  pid                BIGINT      NOT NULL,
  process_started_at TIMESTAMPTZ,
  started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What verify-integrity found, one row per problem and job instance (stable across restarts, so a
-- restarted run never records a finding twice). Ids and kinds only: no personal data.
CREATE TABLE integrity_findings (
  id                 BIGSERIAL   PRIMARY KEY,
  job_instance_id    BIGINT      NOT NULL,
  as_of              DATE        NOT NULL,
  booking_history_id BIGINT      NOT NULL,
  original_booking_id BIGINT     NOT NULL,
  finding            VARCHAR(30) NOT NULL
    CONSTRAINT integrity_findings_finding_check CHECK (finding IN ('hash_missing', 'hash_mismatch')),
  found_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT integrity_findings_once UNIQUE (job_instance_id, booking_history_id, finding)
);
CREATE INDEX idx_integrity_findings_as_of ON integrity_findings (as_of, finding);
