-- Records, with a completed real scan, what is open after it (pii_findings), per table, column,
-- key path and kind: the rows open (every open finding, whichever scan found it) and those of them
-- this scan found. Counts and names only. Parameters: job execution id, job instance.
INSERT INTO pii_findings (job_execution_id, table_name, column_name, json_path, kind, rows, found)
SELECT CAST(? AS BIGINT), o.table_name, o.column_name, o.json_path, o.kind, sum(o.rows),
       COALESCE(sum(o.rows) FILTER (WHERE o.last_found_instance = CAST(? AS BIGINT)), 0)
FROM pii_open_findings o
GROUP BY o.table_name, o.column_name, o.json_path, o.kind
