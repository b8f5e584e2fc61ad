-- Alert rule night-gave-up: per chain, the nights the schedule daemon gave up after their last
-- retry (action 'gave-up' in lifecycle_operations_log, job_name is the chain) in the window before
-- now, whose failed execution's job instance has not COMPLETED since (a `restart` that succeeds
-- resolves it). Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT l.job_name AS subject, count(*) AS value
FROM p, lifecycle_operations_log l
WHERE l.action = 'gave-up'
  AND l.recorded_at > p.now - p.window_length AND l.recorded_at <= p.now
  AND NOT EXISTS (SELECT 1
                  FROM batch_job_execution f
                  JOIN batch_job_execution c ON c.job_instance_id = f.job_instance_id
                  WHERE f.job_execution_id = l.job_execution_id AND c.status = 'COMPLETED')
GROUP BY l.job_name;
