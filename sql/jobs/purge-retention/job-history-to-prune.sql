-- The job executions the history pruning removes, oldest first: per job name, those beyond the newest
-- keep-completed COMPLETED ones and beyond the newest keep-failed FAILED, STOPPED or ABANDONED ones
-- (ranked by execution id), dry runs ranked apart from real runs (each dry run is an instance of its
-- own: counted with the nights, frequent dry runs would push real nights out). An instance is kept whole while any of its executions is running
-- (STARTING, STARTED, STOPPING, UNKNOWN, or no status), holds the running purge, or while its last
-- execution is FAILED or STOPPED and ended at or after the restartable cutoff (it may be restarted).
-- The last execution of an instance goes only with all of the instance's executions, so an instance
-- never looks unfinished (or restartable) because its real last execution went. Ranks never change
-- as the oldest go, so batch after batch removes exactly what the dry run counted.
-- Parameters: the running execution (id), the restartable cutoff (timestamp), keep-completed,
-- keep-failed, the largest number of executions to return. Returns job_execution_id, job_instance_id.
WITH executions AS (
  SELECT e.job_execution_id, e.job_instance_id, i.job_name, e.status,
         CASE WHEN e.status = 'COMPLETED' THEN 'completed'
              WHEN e.status IN ('FAILED', 'STOPPED', 'ABANDONED') THEN 'failed' END AS kind,
         COALESCE(e.end_time, e.last_updated, e.start_time, e.create_time) AS ended,
         e.job_execution_id = max(e.job_execution_id) OVER (PARTITION BY e.job_instance_id) AS last_of_instance,
         EXISTS (SELECT 1 FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id
                   AND p.parameter_name = 'dryRun' AND p.parameter_value = 'true') AS dry_run
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
), kept_whole AS (
  SELECT job_instance_id
  FROM executions
  WHERE kind IS NULL
     OR job_execution_id = ?
     OR (last_of_instance AND status IN ('FAILED', 'STOPPED') AND ended >= CAST(? AS TIMESTAMP))
), beyond AS (
  SELECT r.job_execution_id, r.job_instance_id, r.last_of_instance
  FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.job_name, x.kind, x.dry_run ORDER BY x.job_execution_id DESC)
             AS rank
    FROM executions x
    WHERE x.kind IS NOT NULL
  ) r
  WHERE r.rank > CASE r.kind WHEN 'completed' THEN CAST(? AS INTEGER) ELSE CAST(? AS INTEGER) END
    AND r.job_instance_id NOT IN (SELECT job_instance_id FROM kept_whole)
)
SELECT b.job_execution_id, b.job_instance_id
FROM beyond b
WHERE NOT b.last_of_instance
   OR NOT EXISTS (SELECT 1 FROM executions x
                  WHERE x.job_instance_id = b.job_instance_id
                    AND x.job_execution_id NOT IN (SELECT job_execution_id FROM beyond))
ORDER BY b.job_execution_id
LIMIT ?;
