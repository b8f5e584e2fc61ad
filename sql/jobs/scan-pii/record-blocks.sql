-- Records, when a real scan completes, the blocks of booking ids it scanned whole (its plan's
-- share: the rotating share, or every block on a full scan) as scanned on its asOf.
-- Parameter: job instance.
INSERT INTO pii_scan_blocks AS m (block, scanned_as_of, job_instance_id)
SELECT b.block, pl.as_of, pl.job_instance_id
FROM pii_scan_plans pl, unnest(pl.share_blocks) b (block)
WHERE pl.job_instance_id = ?
ON CONFLICT (block) DO UPDATE SET scanned_as_of = EXCLUDED.scanned_as_of, job_instance_id = EXCLUDED.job_instance_id
