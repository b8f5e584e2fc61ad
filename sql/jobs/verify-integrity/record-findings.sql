-- One chunk of the hash check in one statement (arrays bound per column: every row verified, with
-- its finding or NULL when it checks out). A finding already recorded by an earlier execution of
-- the same job instance (a restart) is not recorded twice. Each finding stays open in
-- integrity_open_findings until its row is verified clean: found again, it is kept open (last found
-- tonight); a hash finding of a row verified clean tonight, or found with another kind, is resolved.
-- Parameters: job instance id, asOf, the rows' ids, their original booking ids, their findings.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS instance_id, CAST(? AS DATE) AS as_of
),
verified AS (
  SELECT *
  FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS VARCHAR[]))
    AS v (booking_history_id, original_booking_id, finding)
),
recorded AS (
  INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id, finding)
  SELECT p.instance_id, p.as_of, v.booking_history_id, v.original_booking_id, v.finding
  FROM verified v, p
  WHERE v.finding IS NOT NULL
  ON CONFLICT ON CONSTRAINT integrity_findings_once DO NOTHING
),
opened AS (
  INSERT INTO integrity_open_findings (booking_history_id, original_booking_id, finding, first_found_on,
                                       first_job_instance_id, last_found_on, last_job_instance_id)
  SELECT v.booking_history_id, v.original_booking_id, v.finding, p.as_of, p.instance_id, p.as_of, p.instance_id
  FROM verified v, p
  WHERE v.finding IS NOT NULL
  ON CONFLICT (booking_history_id, finding, audit_log_id) WHERE resolved_on IS NULL
  DO UPDATE SET last_found_on = EXCLUDED.last_found_on, last_job_instance_id = EXCLUDED.last_job_instance_id
)
UPDATE integrity_open_findings o
SET resolved_on = p.as_of, resolved_job_instance_id = p.instance_id, resolution = 'verified clean'
FROM verified v, p
WHERE o.resolved_on IS NULL
  AND o.booking_history_id = v.booking_history_id
  AND o.finding IN ('hash_missing', 'hash_mismatch')
  AND o.finding IS DISTINCT FROM v.finding
