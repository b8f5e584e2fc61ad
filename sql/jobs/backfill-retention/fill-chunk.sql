-- One chunk: tier from audit_retention_tier and expiry from the tier's period in force, on the
-- chunk's rows (idempotent: the same values again for a row already dated). Returns, per row, the
-- tier and what it got ('tier and expiry', 'expiry', 're-dated'), and the action when the mapping
-- does not know it (kept as standard; classify it in a new migration).
-- Parameters: the chunk's ids.
UPDATE audit_logs a
SET retention_tier = t.tier,
    data_retention_expires_at = a.created_at + make_interval(years => p.years)
FROM (SELECT x.id, audit_retention_tier(x.action) AS tier, x.retention_tier AS old_tier,
             x.data_retention_expires_at AS old_expiry, audit_retention_class(x.action) IS NULL AS unclassified
      FROM audit_logs x
      WHERE x.id = ANY (CAST(? AS BIGINT[]))) t
JOIN lifecycle_retention_periods p ON p.tier = t.tier
WHERE a.id = t.id
RETURNING a.retention_tier || ': ' || CASE WHEN t.old_tier IS NULL THEN 'tier and expiry'
                                           WHEN t.old_expiry IS NULL THEN 'expiry'
                                           ELSE 're-dated' END AS dated,
          CASE WHEN t.unclassified THEN 'unclassified action ' || a.action END AS unclassified;
