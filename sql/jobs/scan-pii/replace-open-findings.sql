-- What a chunk of scan-pii found for the subjects it scanned, made the open findings of those
-- subjects in one statement: a finding of theirs not found again is cleared (their rows were
-- scanned clean); one found is kept, or opened, with tonight's count (first found on the asOf it
-- was first found, last found tonight). Counts and names only.
-- Returns the finding rows cleared and the findings kept or opened.
-- Parameters: the findings as arrays of the same length: subject ids (BIGINT[]), tables, columns,
-- key paths, kinds (TEXT[]), row counts (BIGINT[]), all logins (BOOLEAN[]); then the subject type
-- ('BOOKING' or 'USER'), every subject the chunk scanned (BIGINT[]), job instance, asOf.
WITH found AS (
  SELECT *
  FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
              CAST(? AS BIGINT[]), CAST(? AS BOOLEAN[]))
    AS f (subject_id, table_name, column_name, json_path, kind, rows, all_logins)
),
p AS (
  SELECT CAST(? AS TEXT) AS subject_type, CAST(? AS BIGINT[]) AS subjects, CAST(? AS BIGINT) AS instance,
         CAST(? AS DATE) AS as_of
),
cleared AS (
  DELETE FROM pii_open_findings o
  USING p
  WHERE o.subject_type = p.subject_type AND o.subject_id = ANY (p.subjects)
    AND NOT EXISTS (SELECT 1 FROM found f
                    WHERE f.subject_id = o.subject_id AND f.table_name = o.table_name
                      AND f.column_name = o.column_name AND f.json_path = o.json_path AND f.kind = o.kind)
  RETURNING o.rows
),
kept AS (
  INSERT INTO pii_open_findings AS o (subject_type, subject_id, table_name, column_name, json_path, kind, rows,
                                      all_logins, first_found_as_of, last_found_as_of, last_found_instance)
  SELECT p.subject_type, f.subject_id, f.table_name, f.column_name, f.json_path, f.kind, f.rows, f.all_logins,
         p.as_of, p.as_of, p.instance
  FROM found f, p
  ON CONFLICT (subject_type, subject_id, table_name, column_name, json_path, kind)
    DO UPDATE SET rows = EXCLUDED.rows, all_logins = EXCLUDED.all_logins,
                  last_found_as_of = EXCLUDED.last_found_as_of, last_found_instance = EXCLUDED.last_found_instance
  RETURNING 1
)
SELECT COALESCE((SELECT sum(rows) FROM cleared), 0) AS cleared, (SELECT count(*) FROM kept) AS kept
