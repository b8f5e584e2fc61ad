-- One chunk: tier from audit_retention_tier, expiry from the tier's period, on rows still without
-- a tier (a rerun or a row the trigger already dated is left as it is). Returns the tiers set.
-- Parameters: the chunk's ids.
UPDATE audit_logs a
SET retention_tier = t.tier,
    data_retention_expires_at = a.created_at + make_interval(years => p.years)
FROM (SELECT x.id, audit_retention_tier(x.action) AS tier
      FROM audit_logs x
      WHERE x.id = ANY (CAST(? AS BIGINT[])) AND x.retention_tier IS NULL) t
JOIN lifecycle_retention_periods p ON p.tier = t.tier
WHERE a.id = t.id
RETURNING a.retention_tier;
