-- Alert rule outbox-backlog: deliveries the notifications relay owes: routed to a channel and still
-- pending for an event queued longer than the window before now (the relay is down or the channel
-- keeps failing), plus deliveries dead-lettered and not requeued (`outbox retry`). Events no route
-- has taken yet do not count: with every channel disabled (as shipped) they wait in the outbox by
-- design, and a relay that runs routes them within its poll interval. One row, subject ''.
-- Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT '' AS subject,
       (SELECT count(*) FROM lifecycle_outbox_deliveries d
        JOIN lifecycle_outbox o ON o.id = d.event_id
        WHERE d.status = 'dead'
           OR (d.status = 'pending' AND o.created_at < p.now - p.window_length)) AS value
FROM p;
