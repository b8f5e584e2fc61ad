-- The schedule daemon records its decisions in the operations log (issue 11) beside the operators'
-- actions: a fire (which night, which attempt), a missed night caught up or skipped, a retry or a
-- resume left as a one-shot trigger, a night given up after its last attempt, a start refused
-- because the job runs elsewhere. "What happened last night" is then one query by chain and time.
ALTER TABLE lifecycle_operations_log DROP CONSTRAINT lifecycle_operations_log_action_check;
ALTER TABLE lifecycle_operations_log ADD CONSTRAINT lifecycle_operations_log_action_check
  CHECK (action IN ('run', 'restart', 'stop', 'abandon', 'recover',
                    'fire', 'catch-up', 'skip', 'retry-scheduled', 'resume-scheduled', 'gave-up', 'refused'));
CREATE INDEX idx_lifecycle_operations_log_job_time ON lifecycle_operations_log (job_name, recorded_at);
