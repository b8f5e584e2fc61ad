-- erase-guest: every audit row about the guest's user accounts (resource USER: its logins and any
-- other event of the account), in audit_logs and in the copies kept for legal holds, masked by the
-- path and ip-address rules, whatever its age; none while a legal hold keeps the guest's logins (a
-- hold on the user, or on any of the guest's bookings: lifecycle_erasure_accounts). Returns one
-- label per row changed. Parameters: job instance id, asOf, path rules, ip rule.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of, CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule
),
accounts AS (
  SELECT a.user_id FROM p, lifecycle_erasure_accounts(p.inst, p.as_of) a
),
masked AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, '', ''),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, '', ''),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, '', ''),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, '', '')
  FROM p
  WHERE a.resource_type = 'USER' AND a.resource_id = ANY (ARRAY(SELECT user_id FROM accounts))
  RETURNING 'account rows masked' AS label
),
masked_kept_copies AS (
  UPDATE audit_logs_held a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, '', ''),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, '', ''),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, '', ''),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, '', '')
  FROM p
  WHERE a.resource_type = 'USER' AND a.resource_id = ANY (ARRAY(SELECT user_id FROM accounts))
  RETURNING 'kept account rows masked (audit_logs_held)' AS label
)
SELECT label FROM masked UNION ALL SELECT label FROM masked_kept_copies;
