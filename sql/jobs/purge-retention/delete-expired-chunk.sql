-- One chunk of the exact-to-the-day purge in one relation (a leaf of audit_logs, or the plain
-- table): the next rows past their expiry by id, deleted; those booking_history references are
-- recorded as purged (one-id ranges), and the ledger row of the relation grows, all in this
-- transaction. The relation's name is put in by the caller (from the catalog, quoted).
-- Rows an active legal hold covers are left where they are.
-- Parameters: the expiry cutoff (asOf, start of day UTC), the last id done, asOf (the holds' date),
-- chunk size, job instance, asOf, table name, tier, relation name. Returns the rows deleted and the
-- chunk's largest id.
WITH next AS (
  SELECT id FROM %1$s
  WHERE data_retention_expires_at < ? AND id > ?
    AND NOT lifecycle_held(resource_type, resource_id, CAST(? AS DATE))
  ORDER BY id
  LIMIT ?
), gone AS (
  DELETE FROM %1$s a USING next WHERE a.id = next.id
  RETURNING a.id, a.action, a.resource_type, a.resource_id
), referenced AS (
  INSERT INTO lifecycle_purged_audit_ranges (tier, min_id, max_id)
  SELECT audit_retention_tier(g.action), g.id, g.id
  FROM gone g
  JOIN booking_history h ON g.resource_type = 'BOOKING' AND h.original_booking_id = g.resource_id
  WHERE g.id = ANY (h.audit_log_ids)
  RETURNING 1
), ledger AS (
  INSERT INTO lifecycle_purge_ledger AS l (job_instance_id, as_of, table_name, tier, partition_name, action,
                                           row_count, min_id, max_id)
  SELECT ?, ?, ?, ?, ?, 'rows deleted', count(*), min(id), max(id) FROM gone HAVING count(*) > 0
  ON CONFLICT ON CONSTRAINT lifecycle_purge_ledger_once DO UPDATE
    SET row_count = l.row_count + EXCLUDED.row_count,
        min_id = LEAST(l.min_id, EXCLUDED.min_id), max_id = GREATEST(l.max_id, EXCLUDED.max_id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS deleted, (SELECT max(id) FROM next) AS last_id,
       (SELECT count(*) FROM referenced) AS referenced, (SELECT count(*) FROM ledger) AS ledgered;
