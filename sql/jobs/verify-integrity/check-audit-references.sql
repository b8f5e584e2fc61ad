-- One chunk of history rows: each id in audit_log_ids must exist in audit_logs (or in
-- audit_logs_held, where the purge keeps the held rows of a dropped month). An absent one is
-- 'audit_id_purged' if a recorded purge covered it, else 'audit_id_dangling' (an integrity
-- failure); a row with an empty trail is 'audit_trail_empty' (coverage). Recorded once per job
-- instance unless a dry run, and kept open in integrity_open_findings until the row is verified
-- clean (a finding of the chunk's rows not found again is resolved here); returns one finding kind
-- per finding.
-- The audit rows are read per chunk, never per booking: the trails of all the chunk's bookings in
-- one scan, each leaf of a partitioned audit_logs scanned once, from lifecycle_trail_since of the
-- chunk's oldest booking_created_at (months before it are pruned at run time), grouped per
-- booking: one range of resource ids when the chunk's bookings lie close together (the usual case:
-- one descent of each leaf's index instead of one per booking, PostgreSQL 15 descending once per
-- element of an ANY), else resource_id = ANY of their ids. An id not in its booking's trail so read is looked up in the
-- purge's record first (an index), then in audit_logs_held, and only then by id in audit_logs (a
-- probe of every leaf: rare, a row written more than a day before its booking or stray). The
-- findings are those of a trail read without the bound as long as the purge's record holds only
-- ids that are gone (what it records).
-- Parameters: the chunk's ids, job instance id, asOf, dry run.
WITH p AS (
  SELECT CAST(? AS BIGINT[]) AS ids, CAST(? AS BIGINT) AS instance_id, CAST(? AS DATE) AS as_of,
         CAST(? AS BOOLEAN) AS dry_run
),
chunk AS MATERIALIZED (
  SELECT h.id, h.original_booking_id, h.audit_log_ids, h.booking_created_at
  FROM p, booking_history h
  WHERE h.id = ANY (p.ids)
),
bound AS MATERIALIZED (
  SELECT lifecycle_trail_since(min(booking_created_at)) AS since,
         array_agg(original_booking_id) AS bookings,
         min(original_booking_id) AS lo, max(original_booking_id) AS hi,
         max(original_booking_id) - min(original_booking_id) < 4 * count(*) AS dense
  FROM chunk
),
trail AS (
  SELECT t.resource_id, array_agg(t.id) AS ids
  FROM (
    -- the chunk's bookings close together (history rows are archived in booking order): one range
    -- of each leaf's resource index, every trail in it (at most four times the chunk's)
    SELECT a.resource_id, a.id
    FROM audit_logs a
    WHERE (SELECT dense FROM bound)
      AND a.resource_type = 'BOOKING'
      AND a.resource_id BETWEEN (SELECT lo FROM bound) AND (SELECT hi FROM bound)
      AND a.created_at >= (SELECT since FROM bound)
    UNION ALL
    -- else the chunk's bookings, looked up together in each leaf's resource index
    SELECT a.resource_id, a.id
    FROM audit_logs a
    WHERE NOT (SELECT dense FROM bound)
      AND a.resource_type = 'BOOKING'
      AND a.resource_id = ANY (CAST((SELECT bookings FROM bound) AS BIGINT[]))
      AND a.created_at >= (SELECT since FROM bound)
  ) t
  GROUP BY t.resource_id
),
absent AS MATERIALIZED (
  SELECT c.id, c.original_booking_id, r.audit_id
  FROM chunk c
  LEFT JOIN trail t ON t.resource_id = c.original_booking_id
  CROSS JOIN LATERAL unnest(c.audit_log_ids) AS r (audit_id)
  WHERE t.ids IS NULL OR r.audit_id <> ALL (t.ids)
),
found AS (
  SELECT x.id, x.original_booking_id, x.audit_id,
         CASE WHEN x.purged THEN 'audit_id_purged' ELSE 'audit_id_dangling' END AS finding
  FROM (SELECT b.*, EXISTS (SELECT 1 FROM lifecycle_purged_audit_ranges g
                            WHERE int8range(g.min_id, g.max_id, '[]') @> b.audit_id) AS purged
        FROM absent b) x
  WHERE x.purged
     OR (NOT EXISTS (SELECT 1 FROM audit_logs_held k WHERE k.id = x.audit_id)
         AND NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.id = x.audit_id))
  UNION ALL
  SELECT c.id, c.original_booking_id, 0, 'audit_trail_empty'
  FROM chunk c
  WHERE cardinality(c.audit_log_ids) = 0
),
recorded AS (
  INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id, finding, audit_log_id)
  SELECT p.instance_id, p.as_of, f.id, f.original_booking_id, f.finding, f.audit_id
  FROM found f, p
  WHERE NOT p.dry_run
  ON CONFLICT ON CONSTRAINT integrity_findings_once DO NOTHING
),
opened AS (
  INSERT INTO integrity_open_findings (booking_history_id, original_booking_id, finding, audit_log_id,
                                       first_found_on, first_job_instance_id, last_found_on, last_job_instance_id)
  SELECT f.id, f.original_booking_id, f.finding, f.audit_id, p.as_of, p.instance_id, p.as_of, p.instance_id
  FROM found f, p
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
    AND o.booking_history_id IN (SELECT id FROM chunk)
    AND o.finding IN ('audit_id_dangling', 'audit_id_purged', 'audit_trail_empty')
    AND NOT EXISTS (SELECT 1 FROM found f
                    WHERE f.id = o.booking_history_id AND f.finding = o.finding AND f.audit_id = o.audit_log_id)
)
SELECT finding FROM found
