-- How many executions failed in the last N days (by creation time), for the web page's system
-- health. Parameter: days (INTEGER).
SELECT count(*)
FROM batch_job_execution e
WHERE e.status = 'FAILED'
  AND e.create_time >= localtimestamp - make_interval(days => ?)
