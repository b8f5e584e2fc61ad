-- What the outbox relay adds to the status dashboard, in display order: events no relay has
-- routed yet, deliveries waiting for their first attempt, failed ones waiting for their next, and
-- dead-lettered ones (`outbox` lists them). Exact counts (the outbox is purged once delivered).
-- Parameter: exact (BOOLEAN; not needed here, the counts are always exact).
SELECT f.figure, f.row_count, false AS estimated
FROM (
  SELECT 1 AS position, 'events not yet routed' AS figure,
         (SELECT count(*) FROM lifecycle_outbox o
          WHERE o.published_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM lifecycle_outbox_deliveries d WHERE d.event_id = o.id)) AS row_count
  UNION ALL
  SELECT 2, 'deliveries pending', count(*) FROM lifecycle_outbox_deliveries WHERE status = 'pending' AND attempts = 0
  UNION ALL
  SELECT 3, 'deliveries failed, awaiting retry', count(*) FROM lifecycle_outbox_deliveries
  WHERE status = 'pending' AND attempts > 0
  UNION ALL
  SELECT 4, 'deliveries dead-lettered', count(*) FROM lifecycle_outbox_deliveries WHERE status = 'dead'
) f
WHERE CAST(? AS BOOLEAN) IS NOT NULL
ORDER BY f.position
