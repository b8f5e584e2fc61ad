-- One batch of the history pruning: the job executions given and every row that points at them, in
-- the order of the foreign keys (the suite's execution owners, step contexts, steps, the job
-- contexts and parameters, the executions), then their instances left without any execution. A
-- single statement, so the batch goes whole or not at all.
-- Parameters: the execution ids (array), seven times. Returns the rows removed per table.
WITH owners AS (
  DELETE FROM lifecycle_execution_owner WHERE job_execution_id = ANY (?)
  RETURNING 1
), step_contexts AS (
  DELETE FROM batch_step_execution_context c USING batch_step_execution s
  WHERE c.step_execution_id = s.step_execution_id AND s.job_execution_id = ANY (?)
  RETURNING 1
), steps AS (
  DELETE FROM batch_step_execution WHERE job_execution_id = ANY (?)
  RETURNING 1
), job_contexts AS (
  DELETE FROM batch_job_execution_context WHERE job_execution_id = ANY (?)
  RETURNING 1
), params AS (
  DELETE FROM batch_job_execution_params WHERE job_execution_id = ANY (?)
  RETURNING 1
), executions AS (
  DELETE FROM batch_job_execution WHERE job_execution_id = ANY (?)
  RETURNING job_instance_id
), instances AS (
  DELETE FROM batch_job_instance i
  WHERE i.job_instance_id IN (SELECT job_instance_id FROM executions)
    AND NOT EXISTS (SELECT 1 FROM batch_job_execution e
                    WHERE e.job_instance_id = i.job_instance_id AND e.job_execution_id <> ALL (?))
  RETURNING 1
)
SELECT (SELECT count(*) FROM owners) AS lifecycle_execution_owner,
       (SELECT count(*) FROM step_contexts) AS batch_step_execution_context,
       (SELECT count(*) FROM steps) AS batch_step_execution,
       (SELECT count(*) FROM job_contexts) AS batch_job_execution_context,
       (SELECT count(*) FROM params) AS batch_job_execution_params,
       (SELECT count(*) FROM executions) AS batch_job_execution,
       (SELECT count(*) FROM instances) AS batch_job_instance;
