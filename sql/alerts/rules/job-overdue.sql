-- Alert rule job-overdue: per scheduled job, the hours since the earliest fire of its chain's cron
-- (given, within the rule's window before now) after which the job has not completed (no real,
-- not dry, execution of it COMPLETED since that fire); 0 when every fire was followed by a
-- completion. Only fires since the job is watched count (watched_since of its state: the first
-- evaluation), so a first daemon on a fresh database does not report every job at once. Fires above the threshold (25 h): the job has not completed within 25 hours of its
-- schedule. Parameters: now (timestamptz), job names (text[]), fire times (ISO instants as text[]), the
-- two arrays pairwise (one pair per job and fire).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now
),
fires AS (
  SELECT f.job, f.fire
  FROM unnest(CAST(? AS TEXT[]), CAST(CAST(? AS TEXT[]) AS TIMESTAMPTZ[])) AS f (job, fire)
),
completed AS (
  SELECT i.job_name, max(CAST(e.end_time AS TIMESTAMPTZ)) AS last_end
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
  WHERE e.status = 'COMPLETED'
    AND i.job_name IN (SELECT job FROM fires)
    AND NOT EXISTS (SELECT 1 FROM batch_job_execution_params d
                    WHERE d.job_execution_id = e.job_execution_id
                      AND d.parameter_name = 'dryRun' AND d.parameter_value = 'true')
  GROUP BY i.job_name
)
SELECT f.job AS subject,
       COALESCE(round(CAST(EXTRACT(EPOCH FROM p.now - min(f.fire) FILTER (
                  WHERE f.fire <= p.now AND f.fire >= COALESCE(w.watched_since, p.now)
                    AND (c.last_end IS NULL OR c.last_end < f.fire))) / 3600 AS NUMERIC), 4),
                0) AS value
FROM fires f
CROSS JOIN p
LEFT JOIN completed c ON c.job_name = f.job
LEFT JOIN lifecycle_alert_states w ON w.rule = 'job-overdue' AND w.subject = f.job
GROUP BY f.job, p.now;
