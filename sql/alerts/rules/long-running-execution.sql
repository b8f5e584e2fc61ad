-- Alert rule long-running-execution: per job, the hours its longest running execution (STARTING,
-- STARTED or STOPPING, not ended) has been running at now. Jobs with none running are absent
-- (their alert, if firing, resolves). Parameters: now (timestamptz).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now
)
SELECT i.job_name AS subject,
       round(CAST(max(EXTRACT(EPOCH FROM p.now - CAST(COALESCE(e.start_time, e.create_time) AS TIMESTAMPTZ)))
                  / 3600 AS NUMERIC), 4) AS value
FROM p, batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
WHERE e.end_time IS NULL AND e.status IN ('STARTING', 'STARTED', 'STOPPING')
GROUP BY i.job_name;
