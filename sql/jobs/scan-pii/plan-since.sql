-- The scan tonight's follows: the latest completed real scan that recorded a marker (one made by
-- this version), its asOf and limit date. None: tonight's scan is full. Parameter: asOf (a scan
-- of a later asOf is not followed, so a scan of an earlier day re-run later is full).
SELECT as_of, limit_date, marker
FROM pii_scans
WHERE marker IS NOT NULL AND as_of <= CAST(? AS DATE)
ORDER BY scanned_at DESC, job_execution_id DESC
LIMIT 1
