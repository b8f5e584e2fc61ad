-- What `show` prints for a scan-pii execution: its scan (asOf, limit, what it looked at), then each
-- finding as table.column, key path and kind with its row count (no values; pii_scans and
-- pii_findings outlive the pruned job history). Nothing for a dry run (it records nothing).
-- Parameter: job execution id (twice).
SELECT line
FROM (SELECT 0 AS ord, '' AS table_name, '' AS column_name, '' AS json_path, '' AS kind,
             format('PII scan (pii_scans): asOf %s, check-out before %s, %s bookings scanned, %s held back by a'
                    || ' legal hold, %s finding rows', as_of, limit_date, bookings_scanned, held_back, findings) AS line
      FROM pii_scans WHERE job_execution_id = ?
      UNION ALL
      SELECT 1, table_name, column_name, json_path, kind,
             format('PII finding (pii_findings): %s.%s%s %s rows=%s', table_name, column_name,
                    CASE WHEN json_path = '' THEN '' ELSE ' ' || json_path END, kind, rows)
      FROM pii_findings WHERE job_execution_id = ?) l
ORDER BY ord, table_name, column_name, json_path, kind;
