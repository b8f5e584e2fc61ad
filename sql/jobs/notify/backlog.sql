-- The relay's backlog (the lifecycle.notify.backlog gauge): deliveries pending, plus events not yet
-- routed. No parameters.
SELECT (SELECT count(*) FROM lifecycle_outbox_deliveries WHERE status = 'pending')
     + (SELECT count(*) FROM lifecycle_outbox o
        WHERE o.published_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM lifecycle_outbox_deliveries d WHERE d.event_id = o.id)) AS backlog
