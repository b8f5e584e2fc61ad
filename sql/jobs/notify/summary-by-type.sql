-- `outbox`: the events not cleanly delivered, by event type and state: unrouted (published_at NULL,
-- no delivery yet), pending (a delivery not yet attempted), failed (a pending delivery that failed
-- at least once), dead (a delivery dead-lettered); an event in several states counts in each.
-- With the count, the smallest ids (up to 20) and the channels concerned. No parameters.
WITH states AS (
  SELECT o.id, o.event_type, 'unrouted' AS state, NULL AS channel
  FROM lifecycle_outbox o
  WHERE o.published_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM lifecycle_outbox_deliveries d WHERE d.event_id = o.id)
  UNION ALL
  SELECT o.id, o.event_type,
         CASE WHEN d.status = 'dead' THEN 'dead' WHEN d.attempts > 0 THEN 'failed' ELSE 'pending' END, d.channel
  FROM lifecycle_outbox_deliveries d
  JOIN lifecycle_outbox o ON o.id = d.event_id
  WHERE d.status IN ('pending', 'dead')
)
SELECT event_type, state, count(DISTINCT id) AS events,
       (array_agg(DISTINCT id ORDER BY id))[1:20] AS first_ids,
       string_agg(DISTINCT channel, ',' ORDER BY channel) AS channels
FROM states
GROUP BY event_type, state
ORDER BY event_type, CASE state WHEN 'unrouted' THEN 0 WHEN 'pending' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END
