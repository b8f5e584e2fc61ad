-- The executions running now, for the web page's system health: job, status, start, rows read and
-- written so far (the steps' committed counts) and the owner process recorded for it, if any.
-- No parameters.
SELECT e.job_execution_id,
       i.job_name,
       e.status,
       e.start_time,
       COALESCE((SELECT sum(s.read_count) FROM batch_step_execution s
                  WHERE s.job_execution_id = e.job_execution_id), 0) AS read_count,
       COALESCE((SELECT sum(s.write_count) FROM batch_step_execution s
                  WHERE s.job_execution_id = e.job_execution_id), 0) AS write_count,
       (SELECT count(*) FROM batch_step_execution s WHERE s.job_execution_id = e.job_execution_id) AS steps,
       o.host || ' pid ' || o.pid AS owner
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
LEFT JOIN lifecycle_execution_owner o ON o.job_execution_id = e.job_execution_id
WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
ORDER BY e.job_execution_id
