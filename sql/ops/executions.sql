-- Job executions for `executions` (CLI) and the web page's list: newest first, optionally of one
-- job, one status and created within a date range, one page of it, with the business date, row
-- totals and how many match in all.
-- Parameters: job (TEXT or NULL) twice, status (TEXT or NULL) twice, first day (DATE or NULL) twice,
-- last day (DATE or NULL) twice, page size, offset.
SELECT e.job_execution_id,
       i.job_name,
       (SELECT p.parameter_value FROM batch_job_execution_params p
         WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'asOf') AS as_of,
       (SELECT p.parameter_value FROM batch_job_execution_params p
         WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'dryRun') AS dry_run,
       e.status,
       e.exit_code,
       e.start_time,
       e.end_time,
       COALESCE((SELECT sum(s.read_count) FROM batch_step_execution s
                  WHERE s.job_execution_id = e.job_execution_id), 0) AS read_count,
       COALESCE((SELECT sum(s.write_count) FROM batch_step_execution s
                  WHERE s.job_execution_id = e.job_execution_id), 0) AS write_count,
       count(*) OVER () AS total
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
WHERE (CAST(? AS TEXT) IS NULL OR i.job_name = ?)
  AND (CAST(? AS TEXT) IS NULL OR e.status = ?)
  AND (CAST(? AS DATE) IS NULL OR e.create_time >= CAST(? AS DATE))
  AND (CAST(? AS DATE) IS NULL OR e.create_time < CAST(? AS DATE) + 1)
ORDER BY e.job_execution_id DESC
LIMIT ? OFFSET ?
