-- Records a scan's findings in one statement: one row per table, column, key path and kind, with
-- its row count (no values).
-- Parameters: job execution id, then arrays of the same length: tables, columns, key paths, kinds
-- (TEXT[]), row counts (BIGINT[]).
INSERT INTO pii_findings (job_execution_id, table_name, column_name, json_path, kind, rows)
SELECT CAST(? AS BIGINT), f.table_name, f.column_name, f.json_path, f.kind, f.rows
FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]))
  AS f (table_name, column_name, json_path, kind, rows);
