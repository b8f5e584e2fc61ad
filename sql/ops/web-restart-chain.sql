-- An execution's restart chain: every execution of its job instance (the first run and each
-- restart), oldest first. Parameter: the execution id.
SELECT e.job_execution_id, e.status, e.start_time, e.end_time
FROM batch_job_execution e
WHERE e.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
ORDER BY e.job_execution_id
