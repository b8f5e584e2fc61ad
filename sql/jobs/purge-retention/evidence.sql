-- What `show` prints for a purge-retention execution: its ledger (evidence kept in
-- lifecycle_purge_ledger, which outlives the pruned job history), per table, tier, partition and
-- action. Parameter: job instance id.
SELECT concat_ws(' ', table_name, NULLIF(tier, ''), NULLIF(partition_name, ''), action) AS kind,
       row_count AS rows
FROM lifecycle_purge_ledger
WHERE job_instance_id = ?
ORDER BY table_name, tier, partition_name, action;
