-- The lock of one evaluation of the alert rules: a transaction-level advisory lock, taken without
-- waiting. Whoever holds it evaluates; a second daemon evaluating at the same moment gets false
-- and leaves this round to the first, so no alert is sent twice. Released at commit or rollback.
-- Parameters: none.
SELECT pg_try_advisory_xact_lock(hashtext('booking-lifecycle:alerts'));
