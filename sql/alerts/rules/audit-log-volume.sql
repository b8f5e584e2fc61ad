-- Alert rule audit-log-volume: audit_logs rows created in the window before now (the seed's
-- "audit log volume > 10,000 rows per hour"). Counts every tier and partition (created_at is the
-- range key, so only the partitions of the window are read). One row, subject ''.
-- Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
)
SELECT '' AS subject,
       (SELECT count(*) FROM audit_logs a
        WHERE a.created_at > p.now - p.window_length AND a.created_at <= p.now) AS value
FROM p;
