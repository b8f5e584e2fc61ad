-- One chunk of booking_history rows past the history period, deleted (the cutoff is checked again)
-- and counted in the ledger in the same transaction.
-- Parameters: the ids, the cutoff (date), asOf (the holds' date), job instance, asOf. Returns one
-- label per row deleted.
WITH gone AS (
  DELETE FROM booking_history WHERE id = ANY (?) AND check_out_date < ?
    AND NOT lifecycle_held('BOOKING', original_booking_id, CAST(? AS DATE))
  RETURNING id
), ledger AS (
  INSERT INTO lifecycle_purge_ledger AS l (job_instance_id, as_of, table_name, action, row_count, min_id, max_id)
  SELECT ?, ?, 'booking_history', 'rows deleted', count(*), min(id), max(id) FROM gone HAVING count(*) > 0
  ON CONFLICT ON CONSTRAINT lifecycle_purge_ledger_once DO UPDATE
    SET row_count = l.row_count + EXCLUDED.row_count,
        min_id = LEAST(l.min_id, EXCLUDED.min_id), max_id = GREATEST(l.max_id, EXCLUDED.max_id)
  RETURNING 1
)
SELECT 'booking_history deleted' AS label FROM gone;
