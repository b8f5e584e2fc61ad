-- Removes a scan-pii instance's plan and work list once its scan completed (real or dry): what it
-- proved is in pii_scans, pii_findings, pii_open_findings and pii_scan_blocks. Parameters: job
-- instance (twice).
WITH work AS (
  DELETE FROM pii_scan_work WHERE job_instance_id = CAST(? AS BIGINT) RETURNING 1
)
DELETE FROM pii_scan_plans WHERE job_instance_id = CAST(? AS BIGINT)
