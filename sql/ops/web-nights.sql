-- Each job's nights from a first day on, for the web page's performance panel: per job and day
-- (of the execution's start) the executions, the failed ones, the run time in seconds and the rows
-- written, real runs only (dry runs excluded). The caller gives the first day (today minus N - 1
-- days, today from the application's clock). Parameter: the first day (DATE).
SELECT i.job_name,
       CAST(e.start_time AS DATE) AS night,
       count(*) AS executions,
       count(*) FILTER (WHERE e.status = 'FAILED') AS failed,
       COALESCE(sum(EXTRACT(EPOCH FROM (e.end_time - e.start_time))), 0) AS seconds,
       COALESCE(sum((SELECT sum(s.write_count) FROM batch_step_execution s
                      WHERE s.job_execution_id = e.job_execution_id)), 0) AS rows_written
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
WHERE e.start_time >= CAST(? AS DATE)
  AND NOT EXISTS (SELECT 1 FROM batch_job_execution_params p
                   WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'dryRun'
                     AND p.parameter_value = 'true')
GROUP BY i.job_name, CAST(e.start_time AS DATE)
ORDER BY i.job_name, night
