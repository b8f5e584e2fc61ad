-- The bench's set-based opponent of archive-bookings: everything a run does, for every candidate,
-- in one statement and one transaction (lock, audit entry, history row with its trail and hash,
-- outbox event, delete). What ops could write by hand; it blocks the platform while it runs.
-- Parameters: rules (JSON). Returns per rule: archived.
WITH p AS (
  SELECT CAST(? AS JSONB) AS rules, CAST(0 AS BIGINT) AS execution_id, CAST(0 AS BIGINT) AS instance_id
),
locked AS (
  -- the archive entry's audit id is drawn here, so no later step has to join back to find it
  SELECT b.*, m.rule_name, m.archive_reason, nextval(pg_get_serial_sequence('audit_logs', 'id')) AS entry_id
  FROM p, bookings b
  CROSS JOIN LATERAL archive_rule_match(b, p.rules) m
  WHERE NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id)
  FOR UPDATE OF b
),
trail AS (
  SELECT a.resource_id, array_agg(a.id ORDER BY a.created_at, a.id) AS ids
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id IN (SELECT id FROM locked)
  GROUP BY a.resource_id
),
archive_entry AS (
  INSERT INTO audit_logs (id, action, resource_type, resource_id, new_values, metadata, created_at)
  SELECT l.entry_id, 'BOOKING_ARCHIVED', 'BOOKING', l.id,
         jsonb_build_object('archive_reason', l.archive_reason, 'rule', l.rule_name),
         jsonb_build_object('job', 'archive-bookings', 'job_execution_id', p.execution_id,
                            'job_instance_id', p.instance_id),
         now()
  FROM locked l, p
),
history AS (
  INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, guest_phone,
    hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,
    currency, special_requests, booking_created_at, cancelled_at, archived_at, archive_reason,
    audit_log_ids, data_hash)
  SELECT l.id, l.booking_reference, l.guest_name, l.guest_email, l.guest_phone,
         l.hotel_id, l.room_type, l.check_in_date, l.check_out_date, l.booking_status, l.payment_status,
         l.total_amount, l.currency, l.special_requests, l.created_at, l.cancelled_at, now(), l.archive_reason,
         COALESCE(t.ids, '{}') || l.entry_id,
         booking_data_hash(l.id, l.booking_reference, l.guest_name, l.guest_email, l.guest_phone,
           l.hotel_id, l.room_type, l.check_in_date, l.check_out_date, l.booking_status, l.payment_status,
           l.total_amount, l.currency, l.special_requests, l.created_at, l.cancelled_at, now(), l.archive_reason)
  FROM locked l
  LEFT JOIN trail t ON t.resource_id = l.id
  ON CONFLICT (original_booking_id) DO NOTHING
  RETURNING original_booking_id, archive_reason, archived_at
),
event AS (
  INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload)
  SELECT 'booking.archived', h.original_booking_id,
         jsonb_build_object('bookingId', h.original_booking_id, 'archiveReason', h.archive_reason,
                            'archivedAt', h.archived_at)
  FROM history h
  WHERE h.archive_reason = 'CANCELLED'
),
moved AS (
  DELETE FROM bookings b USING history h
  WHERE b.id = h.original_booking_id
  RETURNING b.id
)
-- (IN inside FILTER stays a hashed subplan; as a join the planner loops over the CTE per row)
SELECT l.rule_name, count(*) FILTER (WHERE l.id IN (SELECT id FROM moved)) AS archived
FROM locked l
GROUP BY l.rule_name;
