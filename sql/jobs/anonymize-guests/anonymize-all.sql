-- The bench's set-based opponent of anonymize-guests: what every chunk of a run does
-- (anonymize-chunk.sql), for every due history row at once, in one statement and one transaction.
-- Due as in candidate-ids.sql: not processed yet (anonymization IS NULL) and a check-out before the
-- limit; rows under a legal hold are counted and left. The history rows are locked without SKIP
-- LOCKED (the statement waits, as ops running it by hand would). Masks the history columns, the
-- audit rows of their bookings (audit_logs and audit_logs_held: old_values, new_values, metadata,
-- ip_address), the login rows of the guests' own user accounts older than the limit; new
-- data_hash, anonymized_at, method, and one GDPR_ANONYMIZE audit row per stay (job_execution_id 0),
-- appended to audit_log_ids when those were filled. Returns one label per row changed.
-- Parameters: column rules (JSON), path rules (JSON), ip_address rule (JSON or NULL), HMAC inner
-- pad, outer pad (BYTEA, empty when no rule is a pseudonym), method ('anonymized' or
-- 'pseudonymized'), rules version, limit date, asOf.
WITH p AS (
  SELECT CAST(? AS JSONB) AS cols, CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule,
         CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS TEXT) AS method,
         CAST(? AS TEXT) AS rules_version, CAST(0 AS BIGINT) AS execution, CAST(? AS DATE) AS limit_date,
         CAST(? AS DATE) AS as_of
),
locked AS (
  SELECT h.*
  FROM booking_history h, p
  WHERE h.anonymization IS NULL AND h.check_out_date < p.limit_date
    AND NOT lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
  FOR UPDATE OF h
),
held AS (
  SELECT 'held back: legal hold' AS label
  FROM booking_history h, p
  WHERE h.anonymization IS NULL AND h.check_out_date < p.limit_date
    AND lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
),
hashed AS (
  SELECT m.*,
         booking_data_hash(l.original_booking_id, l.booking_reference, m.guest_name, m.guest_email, m.guest_phone,
           l.hotel_id, l.room_type, l.check_in_date, l.check_out_date, l.booking_status, l.payment_status,
           l.total_amount, l.currency, m.special_requests, l.booking_created_at, l.cancelled_at, l.archived_at,
           l.archive_reason) AS new_hash
  FROM (SELECT l.id, l.original_booking_id, l.data_hash AS old_hash,
               lifecycle_mask_text(l.guest_name, p.cols -> 'guest_name', l.original_booking_id, p.ikey, p.okey)
                 AS guest_name,
               lifecycle_mask_text(l.guest_email, p.cols -> 'guest_email', l.original_booking_id, p.ikey, p.okey)
                 AS guest_email,
               lifecycle_mask_text(l.guest_phone, p.cols -> 'guest_phone', l.original_booking_id, p.ikey, p.okey)
                 AS guest_phone,
               lifecycle_mask_text(l.special_requests, p.cols -> 'special_requests', l.original_booking_id,
                 p.ikey, p.okey) AS special_requests
        FROM locked l, p) m
  JOIN locked l USING (id)
),
audit_masked AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM locked l, p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = l.original_booking_id
  RETURNING 'audit rows masked' AS label
),
held_copies_masked AS (
  UPDATE audit_logs_held a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM locked l, p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = l.original_booking_id
  RETURNING 'kept audit rows masked (audit_logs_held)' AS label
),
guest_users AS (
  SELECT DISTINCT a.user_id
  FROM audit_logs a JOIN locked l ON a.resource_type = 'BOOKING' AND a.resource_id = l.original_booking_id
  WHERE a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
),
logins_masked AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM p
  WHERE a.resource_type = 'USER' AND a.resource_id IN (SELECT user_id FROM guest_users)
    AND a.action LIKE '%LOGIN%' AND a.created_at < p.limit_date
  RETURNING 'login rows masked' AS label
),
entries AS (
  INSERT INTO audit_logs (action, resource_type, resource_id, new_values, metadata, created_at)
  SELECT 'GDPR_ANONYMIZE', 'BOOKING', h.original_booking_id,
         jsonb_build_object('old_hash', h.old_hash, 'new_hash', h.new_hash, 'method', p.method,
                            'rules_version', p.rules_version),
         jsonb_build_object('job', 'anonymize-guests', 'job_execution_id', p.execution),
         now()
  FROM hashed h, p
  RETURNING id, resource_id
),
updated AS (
  UPDATE booking_history b
  SET guest_name = h.guest_name, guest_email = h.guest_email, guest_phone = h.guest_phone,
      special_requests = h.special_requests, data_hash = h.new_hash, anonymized_at = now(),
      anonymization = p.method, is_anonymized = (p.method = 'anonymized'),
      audit_log_ids = CASE WHEN b.audit_log_ids IS NULL THEN NULL ELSE b.audit_log_ids || e.id END
  FROM hashed h JOIN entries e ON e.resource_id = h.original_booking_id, p
  WHERE b.id = h.id
  RETURNING 'history rows ' || p.method AS label
)
SELECT label FROM updated
UNION ALL SELECT label FROM audit_masked
UNION ALL SELECT label FROM held_copies_masked
UNION ALL SELECT label FROM logins_masked
UNION ALL SELECT label FROM held;
