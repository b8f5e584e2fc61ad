-- `outbox retry`: make failed or dead-lettered deliveries due now with a fresh count of attempts
-- (their last error kept until the next attempt), and unpublish their events again. With an event
-- id: that event's failed and dead deliveries; with NULL: every dead-lettered delivery.
-- Parameters: now, the event id (or NULL), the event id again.
WITH requeued AS (
  UPDATE lifecycle_outbox_deliveries d
  SET status = 'pending', attempts = 0, next_attempt_at = CAST(? AS TIMESTAMPTZ)
  WHERE (CAST(? AS BIGINT) IS NULL AND d.status = 'dead')
     OR (d.event_id = CAST(? AS BIGINT) AND (d.status = 'dead' OR (d.status = 'pending' AND d.attempts > 0)))
  RETURNING d.event_id
), unpublished AS (
  UPDATE lifecycle_outbox o
  SET published_at = NULL
  WHERE o.id IN (SELECT event_id FROM requeued)
  RETURNING o.id
)
SELECT (SELECT count(*) FROM requeued) AS deliveries, (SELECT count(DISTINCT event_id) FROM requeued) AS events
