-- Alert rule outbox-backlog: events in lifecycle_outbox not yet published that were queued longer
-- than the window before now (the notifications relay is down or cannot deliver). Reads the
-- unpublished events only (idx_lifecycle_outbox_unpublished). One row, subject ''.
-- Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT '' AS subject,
       (SELECT count(*) FROM lifecycle_outbox o
        WHERE o.published_at IS NULL AND o.created_at < p.now - p.window_length) AS value
FROM p;
