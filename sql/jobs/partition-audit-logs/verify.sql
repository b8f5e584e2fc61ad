-- partition-audit-logs' proof before it drops the old table: per tier and UTC month, the count, the
-- sum and an xor of hashes of the ids in audit_logs_legacy and in the partitioned audit_logs (its
-- rows whose id is in the legacy table: the others were written after the swap, whatever their id,
-- as sequences handing out cached or pooled ids make them). Returns only the tier-months that differ
-- (none when the copy is whole). Parameters: none.
WITH legacy AS (
  SELECT audit_retention_tier(action) AS tier, date_trunc('month', created_at AT TIME ZONE 'UTC') AS month,
         count(*) AS rows, sum(id) AS id_sum, bit_xor(hashint8(id)) AS id_hash
  FROM audit_logs_legacy
  GROUP BY 1, 2
), partitioned AS (
  SELECT audit_retention_tier(a.action) AS tier, date_trunc('month', a.created_at AT TIME ZONE 'UTC') AS month,
         count(*) AS rows, sum(a.id) AS id_sum, bit_xor(hashint8(a.id)) AS id_hash
  FROM audit_logs a
  WHERE EXISTS (SELECT 1 FROM audit_logs_legacy l WHERE l.id = a.id)
  GROUP BY 1, 2
)
SELECT COALESCE(l.tier, p.tier) AS tier, to_char(COALESCE(l.month, p.month), 'YYYY-MM') AS month,
       COALESCE(l.rows, 0) AS legacy_rows, COALESCE(p.rows, 0) AS partitioned_rows
FROM legacy l
FULL JOIN partitioned p ON p.tier = l.tier AND p.month = l.month
WHERE l.rows IS DISTINCT FROM p.rows OR l.id_sum IS DISTINCT FROM p.id_sum OR l.id_hash IS DISTINCT FROM p.id_hash
ORDER BY 1, 2;
