-- partition-audit-logs: remove the copies of rows about to be copied again (ids taken with
-- take-changed.sql), wherever they are (their tier or month may have changed). Parameters: the ids.
DELETE FROM audit_logs_new WHERE id = ANY (?);
