-- A dry run's report: rows without a tier and rows without an expiry, per tier they get; rows a
-- realign would re-date (tiers whose period changed); the actions the mapping does not know (kept
-- as standard; classify them in a new migration). Parameters: none.
SELECT 'without tier' AS kind, audit_retention_tier(action) AS name, count(*) AS rows
FROM audit_logs WHERE retention_tier IS NULL
GROUP BY 2
UNION ALL
SELECT 'without expiry', audit_retention_tier(action), count(*)
FROM audit_logs WHERE data_retention_expires_at IS NULL
GROUP BY 2
UNION ALL
SELECT 'stale period (mode=realign re-dates)', p.tier, count(*)
FROM audit_logs a JOIN lifecycle_retention_periods p ON p.tier = a.retention_tier AND p.expiries_stale
GROUP BY 2
UNION ALL
SELECT 'unclassified action', action, count(*)
FROM audit_logs WHERE audit_retention_class(action) IS NULL
GROUP BY 2
ORDER BY 1, 2;
