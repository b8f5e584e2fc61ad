-- Every operations action on a job (issue 11): run, restart, stop, abandon, recover; who (the OS
-- user and host of the CLI, later the daemon or a web user), what, when, which execution. No
-- personal data: actors are operators, details are statuses and execution ids. `show N` lists the
-- actions on an execution.
CREATE TABLE lifecycle_operations_log (
  id                BIGSERIAL   PRIMARY KEY,
  recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor             TEXT        NOT NULL,
  action            TEXT        NOT NULL CHECK (action IN ('run', 'restart', 'stop', 'abandon', 'recover')),
  job_name          TEXT        NOT NULL,
  job_execution_id  BIGINT,
  detail            TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX idx_lifecycle_operations_log_execution ON lifecycle_operations_log (job_execution_id);
