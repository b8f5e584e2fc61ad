-- Alert rule anonymization-overdue: history rows due for anonymization (not processed by the
-- suite, check-out before now minus anonymize.after of jobs/anonymize-guests.yml, as
-- anonymize-guests' candidate-ids.sql) for longer than the rule's window, not under a legal hold.
-- One row, subject ''. Parameters: now (timestamptz), anonymize.after (an ISO period such as P2Y),
-- window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, CAST(? AS INTERVAL) AS after,
         make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT '' AS subject,
       (SELECT count(*) FROM booking_history h
        WHERE h.anonymization IS NULL
          AND h.check_out_date < CAST(p.now - p.after - p.window_length AS DATE)
          AND NOT lifecycle_held('BOOKING', h.original_booking_id, CAST(p.now AS DATE))) AS value
FROM p;
