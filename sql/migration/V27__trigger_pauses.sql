-- Triggers paused from the web ops page (issue 13): a chain listed here does not fire, whatever
-- its jobs/*.yml says, until it is resumed (the row deleted). Kept in the database so a pause
-- outlives a daemon restart and holds on every node of the cluster. The operations log records
-- who paused and resumed, beside the other operations actions. No personal data.
CREATE TABLE lifecycle_trigger_pauses (
  chain_name  TEXT        PRIMARY KEY,
  paused_by   TEXT        NOT NULL,
  paused_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE lifecycle_operations_log DROP CONSTRAINT lifecycle_operations_log_action_check;
ALTER TABLE lifecycle_operations_log ADD CONSTRAINT lifecycle_operations_log_action_check
  CHECK (action IN ('run', 'restart', 'stop', 'abandon', 'recover',
                    'fire', 'catch-up', 'skip', 'retry-scheduled', 'resume-scheduled', 'gave-up', 'refused',
                    'pause', 'resume'));
