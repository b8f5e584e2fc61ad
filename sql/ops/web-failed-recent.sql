-- How many executions failed created on or after a day, for the web page's system health (the
-- caller gives today minus N days, today from the application's clock; the page's link lists the
-- same executions). Parameter: the first day (DATE).
SELECT count(*)
FROM batch_job_execution e
WHERE e.status = 'FAILED'
  AND e.create_time >= CAST(? AS DATE)
