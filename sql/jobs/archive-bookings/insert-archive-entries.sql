-- Step 3: record each archive in audit_logs, with the id drawn in step 1 (the last id of the
-- history row's trail). Codes and ids only.
-- Parameters: job execution id, job instance id, then ids, rules, reasons, entry ids (arrays).
INSERT INTO audit_logs (id, action, resource_type, resource_id, new_values, metadata, created_at)
SELECT c.entry_id, 'BOOKING_ARCHIVED', 'BOOKING', c.id,
       jsonb_build_object('archive_reason', c.reason, 'rule', c.rule),
       jsonb_build_object('job', 'archive-bookings', 'job_execution_id', CAST(? AS BIGINT),
                          'job_instance_id', CAST(? AS BIGINT)),
       now()
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]))
  AS c (id, rule, reason, entry_id);
