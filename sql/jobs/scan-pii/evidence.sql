-- What `show` prints for a scan-pii execution: its scan (asOf, limit, mode, what it looked at, what
-- it found and cleared, what is open after it, since when every booking in scope was scanned), then
-- each finding open after it as table.column, key path and kind with its rows and those this scan
-- found (no values; pii_scans and pii_findings outlive the pruned job history). Nothing for a dry
-- run (it records nothing). Parameter: job execution id (twice).
SELECT line
FROM (SELECT 0 AS ord, '' AS table_name, '' AS column_name, '' AS json_path, '' AS kind,
             format('PII scan (pii_scans): asOf %s, check-out before %s, %s, %s bookings scanned of %s in scope,'
                    || ' %s held back by a legal hold; found %s finding rows, cleared %s, open after the scan %s;'
                    || ' every booking in scope scanned since %s (rescan within %s nights)',
                    as_of, limit_date, mode, bookings_scanned, COALESCE(CAST(bookings_in_scope AS TEXT), '?'),
                    held_back, found, cleared, findings, COALESCE(CAST(covered_since AS TEXT), '?'),
                    COALESCE(CAST(rescan_within AS TEXT), '?')) AS line
      FROM pii_scans WHERE job_execution_id = ?
      UNION ALL
      SELECT 1, table_name, column_name, json_path, kind,
             format('PII finding (pii_findings): %s.%s%s %s rows=%s (found by this scan: %s)', table_name,
                    column_name, CASE WHEN json_path = '' THEN '' ELSE ' ' || json_path END, kind, rows, found)
      FROM pii_findings WHERE job_execution_id = ?) l
ORDER BY ord, table_name, column_name, json_path, kind
