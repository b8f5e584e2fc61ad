-- Alert rule audit-log-volume: audit_logs rows the platform created in the window before now (the
-- seed's "audit log volume > 10,000 rows per hour": a runaway writer). The suite's own entries
-- (BOOKING_ARCHIVED, GDPR_ANONYMIZE, GDPR_ERASE, whose metadata names the job that wrote them)
-- are not counted: a night that archives or masks a large backlog writes one per row, on purpose.
-- Counts every tier and partition (created_at is the range key, so only the partitions of the
-- window are read). One row, subject ''. Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT '' AS subject,
       (SELECT count(*) FROM audit_logs a
        WHERE a.created_at > p.now - p.window_length AND a.created_at <= p.now
          AND COALESCE(a.metadata ->> 'job', '') NOT IN ('archive-bookings', 'anonymize-guests', 'erase-guest'))
         AS value
FROM p;
