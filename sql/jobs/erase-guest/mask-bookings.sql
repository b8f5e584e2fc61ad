-- erase-guest: the guest's finished bookings still in bookings (never archived) are masked in
-- place (not archived: the archive's rules decide when a booking moves, an erasure does not), by
-- the column rules, and the audit rows of those bookings by the path rules. Returns one label per
-- row changed. Parameters: job instance id, column rules, path rules, ip rule, as for the chunk.
WITH e AS (
  SELECT booking_id FROM lifecycle_erasure_bookings WHERE job_instance_id = ? AND source = 'bookings'
),
p AS (
  SELECT CAST(? AS JSONB) AS cols, CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule
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
  FROM e, p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = e.booking_id
  RETURNING 'audit rows masked (bookings)' AS label
)
SELECT label FROM masked_bookings UNION ALL SELECT label FROM masked_audit;
