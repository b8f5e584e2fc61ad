-- A real night's last step: the night is completed (its boundary is now the last verified point,
-- its window the sweep's position), its rows deleted, and the open findings of history rows that
-- no longer exist (the purge removed them) resolved as such. Nothing if the night was superseded.
-- Returns the night's rows deleted. Parameters: job instance id, asOf.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS instance_id, CAST(? AS DATE) AS as_of
),
night AS (
  UPDATE integrity_nights n
  SET completed_at = now()
  FROM p
  WHERE n.job_instance_id = p.instance_id AND n.superseded_by IS NULL
  RETURNING n.job_instance_id
),
removed AS (
  UPDATE integrity_open_findings o
  SET resolved_on = p.as_of, resolved_job_instance_id = p.instance_id, resolution = 'row removed'
  FROM p
  WHERE EXISTS (SELECT 1 FROM night)
    AND o.resolved_on IS NULL
    AND o.booking_history_id <> 0
    AND NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.id = o.booking_history_id)
)
DELETE FROM integrity_night_rows r
USING night
WHERE r.job_instance_id = night.job_instance_id
