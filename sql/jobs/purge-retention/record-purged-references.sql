-- Before an audit partition is dropped: its ids that booking_history still references, recorded in
-- lifecycle_purged_audit_ranges as runs of consecutive ids (every id of a run was in the partition
-- and is referenced), so verify-integrity reads them as audit_id_purged and nothing else: an id
-- deleted outside the suite never falls into a recorded range. Run in the drop's transaction.
-- Held rows are not purged (they are kept aside in audit_logs_held).
-- Parameters: the tier, asOf (the holds' date). The partition's name is put in by the caller (from
-- the catalog, quoted).
INSERT INTO lifecycle_purged_audit_ranges (tier, min_id, max_id)
SELECT ?, min(id), max(id)
FROM (
  SELECT id, id - row_number() OVER (ORDER BY id) AS run
  FROM (
    SELECT DISTINCT a.id
    FROM %s a
    JOIN booking_history h ON a.resource_type = 'BOOKING' AND h.original_booking_id = a.resource_id
    WHERE a.id = ANY (h.audit_log_ids)
      AND NOT lifecycle_held(a.resource_type, a.resource_id, CAST(? AS DATE))
  ) referenced
) runs
GROUP BY run;
