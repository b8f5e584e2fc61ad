-- Alerts (issue 12): the state of every alert rule of jobs/alerts.yml, per rule and subject (a job,
-- a chain, a retention tier, a default partition; '' for a rule about the whole suite): firing or
-- not, since when, the last value measured and when, and since when it is watched (job-overdue
-- counts only the fires after that, so a first daemon does not report every job as overdue). The evaluator changes a state and queues its
-- alert.firing / alert.resolved event in lifecycle_outbox in one transaction, under an advisory
-- transaction lock, so a restarted daemon or a second one never sends an alert twice. Codes and
-- figures only: no personal data.
CREATE TABLE lifecycle_alert_states (
  id                BIGSERIAL    PRIMARY KEY,
  rule              VARCHAR(63)  NOT NULL,
  subject           VARCHAR(200) NOT NULL DEFAULT '',
  severity          VARCHAR(10)  NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  firing            BOOLEAN      NOT NULL,
  since             TIMESTAMPTZ  NOT NULL, -- when the current state (firing or not) began
  last_value        NUMERIC      NOT NULL,
  threshold         NUMERIC      NOT NULL,
  last_evaluated_at TIMESTAMPTZ  NOT NULL,
  watched_since     TIMESTAMPTZ  NOT NULL, -- the first evaluation of this rule and subject
  CONSTRAINT lifecycle_alert_states_once UNIQUE (rule, subject)
);
