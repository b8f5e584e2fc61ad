-- The figures of the status dashboard and the demo's before/after table, in one pass per table.
SELECT (SELECT count(*) FROM bookings) AS active_bookings,
       (SELECT count(*) FROM booking_history) AS history_rows,
       (SELECT count(*) FROM booking_history WHERE data_hash IS NULL) AS history_without_hash,
       (SELECT count(*) FROM booking_history WHERE audit_log_ids IS NULL) AS history_without_audit_ids,
       (SELECT count(*) FROM booking_history WHERE is_anonymized) AS anonymized_rows,
       (SELECT count(*) FROM audit_logs) AS audit_rows,
       (SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL) AS audit_without_tier,
       (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent
         WHERE c.relname = 'audit_logs') AS audit_partitions;
