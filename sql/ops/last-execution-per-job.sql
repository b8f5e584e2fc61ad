-- The latest execution of every job: what happened last night.
SELECT DISTINCT ON (i.job_name)
       i.job_name, e.job_execution_id, e.status, e.exit_code, e.start_time, e.end_time
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
ORDER BY i.job_name, e.job_execution_id DESC;
