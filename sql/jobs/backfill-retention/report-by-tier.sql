-- What a run would set (dry run) or what is left: rows without a tier, per tier they get, and the
-- actions the mapping does not know (kept as standard; classify them in V11's function).
SELECT 'to fill' AS kind, audit_retention_tier(action) AS name, count(*) AS rows
FROM audit_logs WHERE retention_tier IS NULL
GROUP BY 2
UNION ALL
SELECT 'unclassified action', action, count(*)
FROM audit_logs WHERE audit_retention_class(action) IS NULL
GROUP BY 2
ORDER BY 1, 2;
