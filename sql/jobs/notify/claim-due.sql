-- The relay's claim (first statement of its transaction): the due pending deliveries of the
-- enabled channels, oldest first, locked; rows another relay holds are skipped, never waited for,
-- so two relays never send the same delivery at once. Sent and marked before the commit.
-- Parameters: now, the enabled channels' names, the batch size.
SELECT d.event_id, d.channel, d.attempts, o.event_type, o.aggregate_id, CAST(o.payload AS TEXT) AS payload,
       o.created_at
FROM lifecycle_outbox_deliveries d
JOIN lifecycle_outbox o ON o.id = d.event_id
WHERE d.status = 'pending'
  AND d.next_attempt_at <= CAST(? AS TIMESTAMPTZ)
  AND d.channel = ANY (CAST(? AS TEXT[]))
ORDER BY d.next_attempt_at, d.event_id, d.channel
LIMIT ?
FOR UPDATE OF d SKIP LOCKED
