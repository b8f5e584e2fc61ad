-- One chunk of history rows: each id in audit_log_ids must exist in audit_logs (or in
-- audit_logs_held, where the purge keeps the held rows of a dropped month). An absent one is
-- 'audit_id_purged' if a recorded purge covered it, else 'audit_id_dangling' (an integrity
-- failure); a row with an empty trail is 'audit_trail_empty' (coverage). Recorded once per job
-- instance unless a dry run; returns one finding kind per finding.
-- Parameters: the chunk's ids, job instance id, asOf, dry run.
WITH p AS (
  SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS BIGINT) AS instance_id, CAST(? AS DATE) AS as_of,
         CAST(? AS BOOLEAN) AS dry_run
),
found AS (
  SELECT h.id, h.original_booking_id, r.audit_id,
         CASE WHEN EXISTS (SELECT 1 FROM lifecycle_purged_audit_ranges g
                          WHERE int8range(g.min_id, g.max_id, '[]') @> r.audit_id)
              THEN 'audit_id_purged' ELSE 'audit_id_dangling' END AS finding
  FROM p, booking_history h
  -- the booking's trail first, one probe of the resource index per leaf for the whole booking
  -- (a partitioned audit_logs has no index that finds an id in one probe); then, for an id not
  -- in it, the purge's record (an index), and only then a probe by id of every leaf
  CROSS JOIN LATERAL (SELECT COALESCE(array_agg(a.id), '{}') AS ids FROM audit_logs a
                      WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id) trail
  CROSS JOIN LATERAL unnest(h.audit_log_ids) AS r (audit_id)
  WHERE h.id = ANY (p.ids)
    AND r.audit_id <> ALL (trail.ids)
    AND (EXISTS (SELECT 1 FROM lifecycle_purged_audit_ranges g WHERE int8range(g.min_id, g.max_id, '[]') @> r.audit_id)
         OR (NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.id = r.audit_id)
             AND NOT EXISTS (SELECT 1 FROM audit_logs_held k WHERE k.id = r.audit_id)))
  UNION ALL
  SELECT h.id, h.original_booking_id, 0, 'audit_trail_empty'
  FROM p, booking_history h
  WHERE h.id = ANY (p.ids) AND cardinality(h.audit_log_ids) = 0
),
recorded AS (
  INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id, finding, audit_log_id)
  SELECT p.instance_id, p.as_of, f.id, f.original_booking_id, f.finding, f.audit_id
  FROM found f, p
  WHERE NOT p.dry_run
  ON CONFLICT ON CONSTRAINT integrity_findings_once DO NOTHING
)
SELECT finding FROM found;
