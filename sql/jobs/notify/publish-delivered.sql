-- Publish the batch's events none of whose deliveries is still pending (each sent or dead-lettered).
-- Parameters: now, the events' ids.
UPDATE lifecycle_outbox o
SET published_at = CAST(? AS TIMESTAMPTZ)
WHERE o.id = ANY (CAST(? AS BIGINT[]))
  AND o.published_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM lifecycle_outbox_deliveries d WHERE d.event_id = o.id AND d.status = 'pending')
