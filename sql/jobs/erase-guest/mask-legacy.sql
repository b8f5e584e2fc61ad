-- erase-guest, while a conversion keeps audit_logs_legacy (the plain audit_logs before it was
-- partitioned, still holding every row as it was): the guest's rows there, the audit rows of the
-- bookings the erasure masks and of the accounts it masks (legal holds aside), masked as in
-- audit_logs. Run only when the table exists. Returns one label per row changed.
-- Parameters: job instance id, asOf, path rules, ip rule.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of, CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule
),
stays AS (
  SELECT s.booking_id FROM p, lifecycle_erasure_stays(p.inst, p.as_of) s
),
accounts AS (
  SELECT u.user_id FROM p, lifecycle_erasure_accounts(p.inst, p.as_of) u
)
UPDATE audit_logs_legacy a
SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, '', ''),
    new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, '', ''),
    metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, '', ''),
    ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, '', '')
FROM p
WHERE (a.resource_type = 'BOOKING' AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM stays)))
   OR (a.resource_type = 'USER' AND a.resource_id = ANY (ARRAY(SELECT user_id FROM accounts)))
RETURNING 'legacy audit rows masked (audit_logs_legacy)' AS label;
