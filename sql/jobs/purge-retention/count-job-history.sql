-- The dry run of the history pruning: what delete-job-history.sql would remove for these job
-- executions, per table, read only.
-- Parameters: the execution ids (array), eight times. Returns the rows per table.
SELECT (SELECT count(*) FROM lifecycle_execution_owner WHERE job_execution_id = ANY (?))
         AS lifecycle_execution_owner,
       (SELECT count(*) FROM batch_step_execution_context c
        JOIN batch_step_execution s ON s.step_execution_id = c.step_execution_id
        WHERE s.job_execution_id = ANY (?)) AS batch_step_execution_context,
       (SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ANY (?)) AS batch_step_execution,
       (SELECT count(*) FROM batch_job_execution_context WHERE job_execution_id = ANY (?))
         AS batch_job_execution_context,
       (SELECT count(*) FROM batch_job_execution_params WHERE job_execution_id = ANY (?))
         AS batch_job_execution_params,
       (SELECT count(*) FROM batch_job_execution WHERE job_execution_id = ANY (?)) AS batch_job_execution,
       (SELECT count(*) FROM batch_job_instance i
        WHERE i.job_instance_id IN (SELECT job_instance_id FROM batch_job_execution
                                    WHERE job_execution_id = ANY (?))
          AND NOT EXISTS (SELECT 1 FROM batch_job_execution e
                          WHERE e.job_instance_id = i.job_instance_id AND e.job_execution_id <> ALL (?)))
         AS batch_job_instance;
