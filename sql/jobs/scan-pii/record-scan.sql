-- Records one real scan of scan-pii (its execution, the limit it applied, what it looked at, the
-- total of its findings); its findings follow (record-findings.sql).
-- Parameters: job execution id, job instance id, asOf, limit date, bookings scanned, held back,
-- findings (the sum of their row counts).
INSERT INTO pii_scans (job_execution_id, job_instance_id, as_of, limit_date, bookings_scanned, held_back, findings)
VALUES (?, ?, CAST(? AS DATE), CAST(? AS DATE), ?, ?, ?);
