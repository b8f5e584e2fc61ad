-- What a dry run of an incremental night would verify: the rows of night-rows.sql (put in place of
-- the comment below by the job, read from the first id to the last), counted, and why they would be
-- taken. Writes nothing. Parameters: those of night-rows.sql (the smallest and the largest BIGINT
-- for its keyset).
SELECT count(*) AS planned_rows,
       count(*) FILTER (WHERE changed) AS changed_rows,
       count(*) FILTER (WHERE in_window) AS window_rows,
       count(*) FILTER (WHERE open_finding) AS open_rows
FROM (
  /* night-rows */
) night
