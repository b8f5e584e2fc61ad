-- The outcome of each delivery of a claimed batch (same transaction as the claim): sent, retried
-- later (pending, next_attempt_at pushed back) or dead-lettered, each attempt counted; the error
-- (never a message body) kept for a failed one.
-- Parameters: now (sent_at of the sent ones), then arrays of one element per delivery: event ids,
-- channels, outcomes (sent, retry or dead), next attempts (ISO-8601 text), errors (NULL if sent).
UPDATE lifecycle_outbox_deliveries d
SET attempts = d.attempts + 1,
    status = CASE r.outcome WHEN 'sent' THEN 'sent' WHEN 'dead' THEN 'dead' ELSE 'pending' END,
    sent_at = CASE WHEN r.outcome = 'sent' THEN CAST(? AS TIMESTAMPTZ) END,
    next_attempt_at = CAST(r.next_attempt_at AS TIMESTAMPTZ),
    last_error = CASE WHEN r.outcome = 'sent' THEN d.last_error ELSE r.error END
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]))
  AS r (event_id, channel, outcome, next_attempt_at, error)
WHERE d.event_id = r.event_id AND d.channel = r.channel
