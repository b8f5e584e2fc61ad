-- scan-pii's work list for tonight (pii_scan_work, the bookings the chunked step reads by keyset),
-- one statement: of the bookings in scope and not held (plan-scope.sql), on a full scan all of
-- them; otherwise those whose check-out crossed the limit since the last completed scan's limit
-- date (became due), those written since it (the history row or the erasure receipt, and those
-- whose audit rows or guest's logins were: plan-written.sql), those a legal hold released since
-- (released_at written since the marker, or held_until passed since the last scan's asOf), those
-- with a finding still open (so a fix is seen the next night), and those of tonight's share of
-- blocks (plan-share.sql). Returns how many were planned, for each reason, and the scope's counts.
-- Parameters: job instance, whether the scan is full, the last scan's limit date, its asOf
-- (both NULL on a full scan), booking_history's marker (NULL on a first scan), the limit date.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS instance, CAST(? AS BOOLEAN) AS full_scan, CAST(? AS DATE) AS since_limit,
         CAST(? AS DATE) AS since_as_of, CAST(? AS BIGINT) AS marker, CAST(? AS DATE) AS limit_date,
         CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT) AS next_xid
),
released AS (
  SELECT DISTINCT h.resource_id
  FROM legal_holds h, p
  WHERE h.resource_type = 'BOOKING'
    AND ((h.released_at IS NOT NULL AND p.marker IS NOT NULL
          AND pg_temp.pii_written_since(h.xmin, p.marker, p.next_xid))
         OR h.held_until >= p.since_as_of)
),
planned AS (
  SELECT s.booking_id, COALESCE(b.in_share, FALSE) AS share,
         COALESCE(s.check_out_date >= p.since_limit AND s.check_out_date < p.limit_date, FALSE) AS due,
         s.written OR w.resource_id IS NOT NULL OR r.resource_id IS NOT NULL AS written,
         o.subject_id IS NOT NULL AS open
  FROM pii_in_scope s
  CROSS JOIN p
  LEFT JOIN pii_share b ON b.block = s.booking_id / 10000
  LEFT JOIN (SELECT DISTINCT resource_id FROM pg_temp.pii_written WHERE resource_type = 'BOOKING') w
    ON w.resource_id = s.booking_id
  LEFT JOIN released r ON r.resource_id = s.booking_id
  LEFT JOIN (SELECT DISTINCT subject_id FROM pii_open_findings WHERE subject_type = 'BOOKING') o
    ON o.subject_id = s.booking_id
  WHERE NOT s.held
),
work AS (
  INSERT INTO pii_scan_work (job_instance_id, subject_type, subject_id)
  SELECT p.instance, 'BOOKING', l.booking_id
  FROM planned l, p
  WHERE p.full_scan OR l.share OR l.due OR l.written OR l.open
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM work) AS planned, count(*) AS in_scope,
       count(*) FILTER (WHERE l.due) AS due, count(*) FILTER (WHERE l.written) AS written,
       count(*) FILTER (WHERE l.open) AS open, count(*) FILTER (WHERE l.share) AS share,
       (SELECT count(*) FROM pii_in_scope s, p WHERE s.held AND s.check_out_date < p.limit_date) AS held_back
FROM planned l
