-- A real night's plan, recorded by its first step (with the rows it takes, in the same
-- transaction): the evidence of what it covers and, once completed, the next night's point. Any
-- night planned before and not completed is superseded (its rows deleted: a restart of it would
-- verify nothing and is refused by its last step): the point only moves on by nights that
-- verified all they planned.
-- Parameters: job instance id, asOf, mode, reason, N, boundary, since, until (xid8 as text), sweep
-- start, history after and through, audit after and through, audit new after, audit max id,
-- planned, changed, window and open rows.
WITH night AS (
  INSERT INTO integrity_nights (job_instance_id, as_of, mode, reason, within_nights, boundary_xid, since_xid,
                                until_xid, sweep_started_on, history_after, history_through, audit_after,
                                audit_through, audit_new_after, audit_max_id, planned_rows, changed_rows, window_rows,
                                open_rows)
  VALUES (?, ?, ?, ?, ?, CAST(? AS XID8), CAST(? AS XID8), CAST(? AS XID8), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  RETURNING job_instance_id
),
superseded AS (
  UPDATE integrity_nights n
  SET superseded_by = (SELECT job_instance_id FROM night)
  WHERE n.completed_at IS NULL AND n.superseded_by IS NULL
  RETURNING n.job_instance_id
)
DELETE FROM integrity_night_rows r
WHERE r.job_instance_id IN (SELECT job_instance_id FROM superseded)
