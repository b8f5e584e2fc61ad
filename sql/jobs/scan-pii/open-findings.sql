-- The findings open now (pii_open_findings), per table, column, key path and kind, with their rows
-- and those a job instance found: what a run prints after its scan (a dry run: before, since it
-- changes none). Parameter: job instance.
SELECT o.table_name, o.column_name, o.json_path, o.kind, sum(o.rows) AS rows,
       COALESCE(sum(o.rows) FILTER (WHERE o.last_found_instance = CAST(? AS BIGINT)), 0) AS found
FROM pii_open_findings o
GROUP BY o.table_name, o.column_name, o.json_path, o.kind
ORDER BY o.table_name, o.column_name, o.json_path, o.kind
