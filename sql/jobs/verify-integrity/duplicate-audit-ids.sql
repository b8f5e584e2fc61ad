-- Audit ids held by more than one row. A partitioned audit_logs (LIST by an expression) can have no
-- primary key: ids are unique within a tier by its unique (id, created_at) index and across tiers
-- by the sequence alone, so this checks it (on a plain table the primary key makes it pointless and
-- verify-integrity skips it). A full night checks every id; an incremental one the ids above the
-- last night's max(id) (every row the platform wrote since: ids come from the sequence), the
-- night's window of older ids, and the open duplicates; each a range of the unique index of every
-- leaf. A duplicate is recorded once per job instance and stays open in integrity_open_findings
-- (booking_history_id 0) until a night finds the id held once; nothing is written in a dry run.
-- Returns up to 10 such ids and their total.
-- Parameters: job instance id, asOf, dry run; new ids above (the smallest BIGINT: every id); the
-- window (after, through] (the smallest and largest BIGINT: none).
WITH p AS (
  SELECT CAST(? AS BIGINT) AS instance_id, CAST(? AS DATE) AS as_of, CAST(? AS BOOLEAN) AS dry_run,
         CAST(? AS BIGINT) AS new_after, CAST(? AS BIGINT) AS after_id, CAST(? AS BIGINT) AS through_id
),
open_ids AS MATERIALIZED (
  SELECT o.audit_log_id AS id FROM integrity_open_findings o
  WHERE o.resolved_on IS NULL AND o.finding = 'audit_id_duplicate'
),
duplicated AS (
  -- three disjoint sets of ids, each an index range of every leaf (a scan of it otherwise): new,
  -- the window below them, the open duplicates outside both
  SELECT c.id
  FROM (
    SELECT a.id FROM audit_logs a WHERE a.id > (SELECT new_after FROM p)
    UNION ALL
    SELECT a.id FROM audit_logs a
    WHERE a.id > (SELECT after_id FROM p) AND a.id <= (SELECT LEAST(through_id, new_after) FROM p)
    UNION ALL
    SELECT a.id FROM audit_logs a
    WHERE a.id = ANY (ARRAY(SELECT o.id FROM open_ids o, p
                            WHERE o.id <= p.new_after AND NOT (o.id > p.after_id AND o.id <= p.through_id)))
  ) c
  GROUP BY c.id
  HAVING count(*) > 1
),
recorded AS (
  INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id, finding, audit_log_id)
  SELECT p.instance_id, p.as_of, 0, 0, 'audit_id_duplicate', d.id
  FROM duplicated d, p
  WHERE NOT p.dry_run
  ON CONFLICT ON CONSTRAINT integrity_findings_once DO NOTHING
),
opened AS (
  INSERT INTO integrity_open_findings (booking_history_id, original_booking_id, finding, audit_log_id,
                                       first_found_on, first_job_instance_id, last_found_on, last_job_instance_id)
  SELECT 0, 0, 'audit_id_duplicate', d.id, p.as_of, p.instance_id, p.as_of, p.instance_id
  FROM duplicated d, p
  WHERE NOT p.dry_run
  ON CONFLICT (booking_history_id, finding, audit_log_id) WHERE resolved_on IS NULL
  DO UPDATE SET last_found_on = EXCLUDED.last_found_on, last_job_instance_id = EXCLUDED.last_job_instance_id
),
resolved AS (
  UPDATE integrity_open_findings o
  SET resolved_on = p.as_of, resolved_job_instance_id = p.instance_id, resolution = 'verified clean'
  FROM p
  WHERE NOT p.dry_run
    AND o.resolved_on IS NULL
    AND o.finding = 'audit_id_duplicate'
    AND o.audit_log_id NOT IN (SELECT id FROM duplicated)
)
SELECT d.id, count(*) OVER () AS duplicated
FROM duplicated d
ORDER BY d.id
LIMIT 10
