-- The routing of the next outbox events not yet routed (unpublished, no delivery yet), oldest
-- first: one pending delivery per (event, channel) of every route that takes the event (its type
-- LIKE one of the route's patterns, its severity at least the route's; an event without a
-- severity, or with one that is not info, warning or critical, counts as info). An event no route
-- takes is published at once with no delivery. Two relays routing the same events insert each
-- delivery once (the primary key).
-- Parameters: the routes as JSON ([{"patterns": ["alert.%"], "min_rank": 1, "channels": ["ops"]}],
-- patterns in LIKE syntax, rank info 0, warning 1, critical 2), the batch size, the time the
-- deliveries are due (now), the time an unrouted event is published (now).
-- Returns the events routed and the events published unrouted.
WITH routes AS (
  SELECT r.patterns, r.min_rank, r.channels
  FROM jsonb_to_recordset(CAST(? AS JSONB)) AS r (patterns TEXT[], min_rank INTEGER, channels TEXT[])
), next AS (
  SELECT o.id, o.event_type,
         CASE lower(o.payload ->> 'severity') WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END AS rank
  FROM lifecycle_outbox o
  WHERE o.published_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM lifecycle_outbox_deliveries d WHERE d.event_id = o.id)
  ORDER BY o.id
  LIMIT ?
), matched AS (
  SELECT n.id, r.channels
  FROM next n
  JOIN routes r ON n.rank >= r.min_rank AND n.event_type LIKE ANY (r.patterns)
), routed AS (
  INSERT INTO lifecycle_outbox_deliveries (event_id, channel, next_attempt_at)
  SELECT DISTINCT m.id, c.channel, CAST(? AS TIMESTAMPTZ)
  FROM matched m
  CROSS JOIN LATERAL unnest(m.channels) AS c (channel)
  ON CONFLICT DO NOTHING
  RETURNING event_id
), unrouted AS (
  UPDATE lifecycle_outbox o
  SET published_at = CAST(? AS TIMESTAMPTZ)
  FROM next n
  WHERE o.id = n.id AND o.published_at IS NULL AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.id = n.id)
  RETURNING o.id
)
SELECT (SELECT count(DISTINCT event_id) FROM routed) AS routed, (SELECT count(*) FROM unrouted) AS unrouted
