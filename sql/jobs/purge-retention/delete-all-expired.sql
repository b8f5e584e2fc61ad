-- The bench's set-based opponent of purge-retention: everything a run removes, in one statement per
-- table and one transaction (what ops could write by hand, with no partition dropped): every audit
-- row past its stored expiry and not held, from audit_logs (partitioned or plain: the statement is
-- the same) and from audit_logs_held, then every booking_history row whose check-out is before the
-- history cutoff and not held. As the job's chunks, it records the purged ids booking_history still
-- references (one-id ranges) and writes the ledger (job instance 0, one line per table and tier).
-- Parameters: the expiry cutoff (timestamptz), asOf (the holds' date), asOf (the ledger's), the
-- expiry cutoff, asOf, the history cutoff (date), asOf, asOf. Returns per table: deleted.
WITH audit AS (
  DELETE FROM audit_logs a
  WHERE a.data_retention_expires_at < ?
    AND NOT lifecycle_held(a.resource_type, a.resource_id, CAST(? AS DATE))
  RETURNING a.id, a.action, a.resource_type, a.resource_id
), audit_referenced AS (
  INSERT INTO lifecycle_purged_audit_ranges (tier, min_id, max_id)
  SELECT audit_retention_tier(g.action), g.id, g.id
  FROM audit g
  JOIN booking_history h ON g.resource_type = 'BOOKING' AND h.original_booking_id = g.resource_id
  WHERE g.id = ANY (h.audit_log_ids)
  RETURNING 1
), audit_ledger AS (
  INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, tier, action, row_count, min_id, max_id)
  SELECT 0, CAST(? AS DATE), 'audit_logs', audit_retention_tier(action), 'rows deleted', count(*), min(id), max(id)
  FROM audit GROUP BY audit_retention_tier(action)
  RETURNING 1
), held AS (
  DELETE FROM audit_logs_held a
  WHERE a.data_retention_expires_at < ?
    AND NOT lifecycle_held(a.resource_type, a.resource_id, CAST(? AS DATE))
  RETURNING a.id
), history AS (
  DELETE FROM booking_history
  WHERE check_out_date < ?
    AND NOT lifecycle_held('BOOKING', original_booking_id, CAST(? AS DATE))
  RETURNING id
), history_ledger AS (
  INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, action, row_count, min_id, max_id)
  SELECT 0, CAST(? AS DATE), 'booking_history', 'rows deleted', count(*), min(id), max(id)
  FROM history HAVING count(*) > 0
  RETURNING 1
)
SELECT 'audit_logs' AS table_name, (SELECT count(*) FROM audit) AS deleted
UNION ALL
SELECT 'audit_logs_held', (SELECT count(*) FROM held)
UNION ALL
SELECT 'booking_history', (SELECT count(*) FROM history);
