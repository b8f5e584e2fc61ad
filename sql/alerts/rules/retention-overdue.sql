-- Alert rule retention-overdue: per audit_logs tier, the days by which its oldest row not under a
-- legal hold is older than the tier's period (jobs/purge-retention.yml); subject
-- 'booking_history' the same for the history's check-out date and its period; 0 when no row is
-- past its period. Reads only rows past the period (the created_at index, the tier's partitions).
-- Parameters: now (timestamptz), tiers (text[]), their periods in years (int[]), the history's
-- period in years.
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now
),
periods AS (
  SELECT t.tier, t.years FROM unnest(CAST(? AS TEXT[]), CAST(? AS INT[])) AS t (tier, years)
),
history AS (
  SELECT CAST(? AS INT) AS years
)
SELECT t.tier AS subject,
       COALESCE(round(CAST(EXTRACT(EPOCH FROM p.now - (o.created_at + make_interval(years => t.years))) / 86400
                      AS NUMERIC), 4), 0) AS value
FROM periods t
CROSS JOIN p
LEFT JOIN LATERAL (
  SELECT a.created_at
  FROM audit_logs a
  WHERE audit_retention_tier(a.action) = t.tier
    AND a.created_at < p.now - make_interval(years => t.years)
    AND NOT lifecycle_held(a.resource_type, a.resource_id, CAST(p.now AS DATE))
  ORDER BY a.created_at
  LIMIT 1
) o ON true
UNION ALL
SELECT 'booking_history',
       COALESCE(CAST(p.now AS DATE) - CAST(o.check_out_date + make_interval(years => y.years) AS DATE), 0)
FROM p
CROSS JOIN history y
LEFT JOIN LATERAL (
  SELECT h.check_out_date
  FROM booking_history h
  WHERE h.check_out_date < CAST(p.now - make_interval(years => y.years) AS DATE)
    AND NOT lifecycle_held('BOOKING', h.original_booking_id, CAST(p.now AS DATE))
  ORDER BY h.check_out_date
  LIMIT 1
) o ON true;
