-- Removes the plans and work lists of scan-pii instances that cannot go on: the latest execution
-- completed or was abandoned, or was a dry run that ended, or the instance is gone from the job
-- history. A failed or stopped real scan keeps its plan for its restart. Parameters: none.
WITH latest AS (
  SELECT DISTINCT ON (e.job_instance_id) e.job_instance_id, e.job_execution_id, e.status, e.end_time
  FROM batch_job_execution e
  WHERE e.job_instance_id IN (SELECT job_instance_id FROM pii_scan_plans)
  ORDER BY e.job_instance_id, e.job_execution_id DESC
),
stale AS (
  SELECT pl.job_instance_id
  FROM pii_scan_plans pl
  LEFT JOIN latest l ON l.job_instance_id = pl.job_instance_id
  WHERE l.job_instance_id IS NULL OR l.status IN ('COMPLETED', 'ABANDONED')
     OR (l.end_time IS NOT NULL
         AND EXISTS (SELECT 1 FROM batch_job_execution_params d
                     WHERE d.job_execution_id = l.job_execution_id
                       AND d.parameter_name = 'dryRun' AND d.parameter_value = 'true'))
),
work AS (
  DELETE FROM pii_scan_work w USING stale s WHERE w.job_instance_id = s.job_instance_id RETURNING 1
)
DELETE FROM pii_scan_plans pl USING stale s WHERE pl.job_instance_id = s.job_instance_id
