-- erase-guest: the guest's finished bookings still in bookings (never archived) are masked in
-- place (not archived: the archive's rules decide when a booking moves, an erasure does not), by
-- the column rules, and the audit rows of those bookings, in audit_logs and in the copies kept for
-- legal holds (audit_logs_held), by the path rules. A booking a legal hold keeps on asOf is left
-- as it is, with its audit rows (lifecycle_erasure_stays). Returns one label per row changed.
-- Parameters: job instance id, asOf, column rules, path rules, ip rule.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS DATE) AS as_of, CAST(? AS JSONB) AS cols, CAST(? AS JSONB) AS paths,
         CAST(? AS JSONB) AS ip_rule
),
e AS (
  SELECT s.booking_id FROM p, lifecycle_erasure_stays(p.inst, p.as_of) s WHERE s.source = 'bookings'
),
masked_bookings AS (
  UPDATE bookings b
  SET guest_name = lifecycle_mask_text(b.guest_name, p.cols -> 'guest_name', b.id, '', ''),
      guest_email = lifecycle_mask_text(b.guest_email, p.cols -> 'guest_email', b.id, '', ''),
      guest_phone = lifecycle_mask_text(b.guest_phone, p.cols -> 'guest_phone', b.id, '', ''),
      special_requests = lifecycle_mask_text(b.special_requests, p.cols -> 'special_requests', b.id, '', '')
  FROM e, p
  WHERE b.id = e.booking_id
  RETURNING 'bookings rows masked in place' AS label
),
masked_audit AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, '', ''),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, '', ''),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, '', ''),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, '', '')
  FROM p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM e))
  RETURNING 'audit rows masked (bookings)' AS label
),
masked_kept_copies AS (
  UPDATE audit_logs_held a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, '', ''),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, '', ''),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, '', ''),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, '', '')
  FROM p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM e))
  RETURNING 'kept audit rows masked (audit_logs_held)' AS label
)
SELECT label FROM masked_bookings
UNION ALL SELECT label FROM masked_audit
UNION ALL SELECT label FROM masked_kept_copies;
