-- What tonight verifies (read by the night's first step; a real run records it in
-- integrity_nights). One row:
--   mode full (mode=full asked, no completed night yet, or the last verified point unusable: ahead
--   of this database's transaction counter, restored elsewhere, or 2^31 transactions behind it),
--   else incremental: the history rows written since the last verified point (the largest
--   boundary_xid of the completed nights: every transaction before it had ended when that night
--   planned, so whatever it wrote was visible to that night or is newer than it), plus a window of
--   ids that moves on from where the last completed night's window stopped.
-- The window: a sweep starts at the first id after a full night or when the last window reached
-- the last id, and must reach the last id by its N-th night (asOf - sweep start < N). Night j of
-- the sweep (j = asOf - sweep start) takes ceil(rows still ahead / (N - j)) rows, its last night
-- everything ahead; and never less than reaches past every row whose last window was N or more
-- nights ago (the newest completed night with as_of <= asOf - N): so a row's two windows are at
-- most N nights apart even while rows are added or removed. The same sweep, in step, moves a window
-- over audit ids (ceil(ids ahead / (N - j)) wide, ids being dense) for the duplicate-id check; ids
-- above the last night's max(audit_logs.id) are new and are all checked.
-- Parameters: asOf, N (integrity.within-nights), whether mode=full.
WITH p AS (
  SELECT CAST(? AS DATE) AS as_of, CAST(? AS INTEGER) AS n, CAST(? AS BOOLEAN) AS full_requested,
         pg_snapshot_xmin(pg_current_snapshot()) AS boundary, pg_snapshot_xmax(pg_current_snapshot()) AS until
),
done AS (
  SELECT * FROM integrity_nights WHERE completed_at IS NOT NULL
),
last AS (
  SELECT * FROM done ORDER BY planned_at DESC, job_instance_id DESC LIMIT 1
),
point AS (
  SELECT max(boundary_xid) AS since, max(audit_max_id) AS audit_new_after FROM done
),
decided AS (
  SELECT CASE WHEN p.full_requested THEN 'mode=full'
              WHEN point.since IS NULL THEN 'no verified point yet'
              WHEN point.since > p.until THEN 'the last verified point is ahead of this database''s transactions'
              WHEN p.until::TEXT::NUMERIC - point.since::TEXT::NUMERIC >= 2147483648
                THEN '2^31 transactions or more since the last verified point'
         END AS full_reason
  FROM p, point
),
sweep AS (
  SELECT fresh,
         CASE WHEN fresh THEN p.as_of ELSE last.sweep_started_on END AS started_on,
         CASE WHEN fresh THEN NULL ELSE last.history_after_next END AS history_after,
         CASE WHEN fresh THEN NULL ELSE last.audit_after_next END AS audit_after
  FROM p
  CROSS JOIN decided
  LEFT JOIN (SELECT sweep_started_on, history_through AS history_after_next, audit_through AS audit_after_next
             FROM last) last ON TRUE
  CROSS JOIN LATERAL (SELECT decided.full_reason IS NOT NULL OR last.sweep_started_on IS NULL
                             OR last.history_after_next IS NULL OR last.audit_after_next IS NULL AS fresh) f
),
due AS (
  -- the newest completed night N or more nights before asOf: every row its window (or, a full
  -- night, all of history) verified is due tonight unless re-verified since
  SELECT d.history_through, d.audit_through, d.mode
  FROM done d, p
  WHERE d.as_of <= p.as_of - p.n
  ORDER BY d.as_of DESC, d.planned_at DESC
  LIMIT 1
),
pace AS (
  SELECT sweep.*, p.n - GREATEST(0, p.as_of - sweep.started_on) AS nights_left,
         (SELECT count(*) FROM booking_history h WHERE h.id > COALESCE(sweep.history_after, -9223372036854775808))
           AS rows_ahead,
         (SELECT min(id) FROM audit_logs) AS audit_min,
         (SELECT max(id) FROM audit_logs) AS audit_max,
         EXISTS (SELECT 1 FROM due WHERE due.mode = 'full' OR due.history_through IS NULL
                                          OR due.audit_through IS NULL) AS due_to_the_end,
         (SELECT history_through FROM due) AS history_due,
         (SELECT audit_through FROM due) AS audit_due
  FROM sweep, p
),
windows AS (
  SELECT pace.*,
         (pace.nights_left <= 1 OR pace.due_to_the_end) AS sweep_ends,
         CASE WHEN pace.rows_ahead = 0 THEN COALESCE(pace.history_after, 0)
              ELSE (SELECT h.id FROM booking_history h
                    WHERE h.id > COALESCE(pace.history_after, -9223372036854775808)
                    ORDER BY h.id
                    OFFSET ceil(pace.rows_ahead::NUMERIC / GREATEST(pace.nights_left, 1))::BIGINT - 1 LIMIT 1)
         END AS history_share,
         CASE WHEN pace.audit_max IS NULL THEN COALESCE(pace.audit_after, 0)
              ELSE COALESCE(pace.audit_after, pace.audit_min - 1)
                   + ceil(GREATEST(pace.audit_max - COALESCE(pace.audit_after, pace.audit_min - 1), 0)::NUMERIC
                          / GREATEST(pace.nights_left, 1))::BIGINT
         END AS audit_share
  FROM pace
)
SELECT CASE WHEN d.full_reason IS NULL THEN 'incremental' ELSE 'full' END AS mode,
       COALESCE(d.full_reason, 'changed since the last verified point, and the window') AS reason,
       p.boundary::TEXT AS boundary_xid,
       CASE WHEN d.full_reason IS NULL THEN point.since::TEXT END AS since_xid,
       p.until::TEXT AS until_xid,
       w.started_on AS sweep_started_on,
       CASE WHEN d.full_reason IS NULL THEN w.history_after END AS history_after,
       CASE WHEN d.full_reason IS NULL AND NOT w.sweep_ends
            THEN GREATEST(w.history_share, w.history_due) END AS history_through,
       CASE WHEN d.full_reason IS NULL THEN w.audit_after END AS audit_after,
       CASE WHEN d.full_reason IS NULL AND NOT w.sweep_ends
            THEN GREATEST(w.audit_share, w.audit_due) END AS audit_through,
       CASE WHEN d.full_reason IS NULL THEN point.audit_new_after END AS audit_new_after,
       w.audit_max AS audit_max_id
FROM p, point, decided d, windows w
