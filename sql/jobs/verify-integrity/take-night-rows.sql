-- An incremental night's plan writes its history rows to integrity_night_rows (one scan of
-- booking_history: the rows of night-rows.sql, put in place of the comment below by the job, read
-- from the first id to the last), and counts them, and why they were taken.
-- Parameters: those of night-rows.sql (the smallest and the largest BIGINT for its keyset), then
-- the job instance id.
WITH night AS MATERIALIZED (
  /* night-rows */
),
taken AS (
  INSERT INTO integrity_night_rows (job_instance_id, booking_history_id)
  SELECT CAST(? AS BIGINT), night.id FROM night
)
SELECT count(*) AS planned_rows,
       count(*) FILTER (WHERE changed) AS changed_rows,
       count(*) FILTER (WHERE in_window) AS window_rows,
       count(*) FILTER (WHERE open_finding) AS open_rows
FROM night
