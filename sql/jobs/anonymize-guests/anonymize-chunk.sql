-- One chunk of anonymize-guests, one statement in one transaction: the chunk's history rows are
-- locked (SKIP LOCKED: a row the platform or an operator holds is left for the next run), their
-- columns masked by the column rules, the audit rows of their bookings (resource BOOKING, in
-- audit_logs and in audit_logs_held) masked by the JSON path rules (old_values, new_values,
-- metadata) and the ip_address rule, the login rows of the guest's own user account created before
-- the limit (its first instant, UTC) masked the same way unless a legal hold keeps the guest's
-- logins (lifecycle_held_users: a hold on the user or on any booking of the user); each row gets
-- its new data_hash (the one definition,
-- booking_data_hash), anonymized_at, its method, and one GDPR_ANONYMIZE audit row (critical tier;
-- old and new hash, method, rules version; no personal data) appended to audit_log_ids when those
-- were filled. A pseudonymized row keeps its guest's key (guest_key: the HMAC of the trimmed
-- lower-case email under the erasure key), so a later erasure finds it; an anonymized row keeps
-- none. Rows under a legal hold are counted and left. Returns one label per row changed.
-- Parameters: the chunk's ids, column rules (JSON), path rules (JSON), ip_address rule (JSON or
-- NULL), HMAC inner pad, outer pad (BYTEA, empty when no rule is a pseudonym), the erasure key's
-- inner pad, outer pad (BYTEA, empty unless the method is 'pseudonymized'), method ('anonymized' or
-- 'pseudonymized'), rules version, job execution id, limit date (logins created before its first
-- instant in UTC; '-infinity' for none), asOf, the audit action (GDPR_ANONYMIZE, GDPR_ERASE),
-- whether it is an erasure (which also takes rows only pseudonymized: an erasure never keeps a
-- pseudonym), the job's name, the pattern of the JSON keys a path rule names ('"(k1|k2)":', see
-- MaskingRules.keysPattern): an audit payload whose text holds none of them is left as it is, not
-- walked and not rewritten (most events of a trail hold no personal data).
-- The chunk's audit rows are read in one pass (resource_id = ANY of its bookings, from
-- lifecycle_trail_since of its earliest booking_created_at), never one booking at a time.
WITH ids AS (
  SELECT unnest(CAST(? AS BIGINT[])) AS id
),
p AS (
  SELECT CAST(? AS JSONB) AS cols, CAST(? AS JSONB) AS paths, CAST(? AS JSONB) AS ip_rule,
         CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey, CAST(? AS BYTEA) AS eikey,
         CAST(? AS BYTEA) AS eokey, CAST(? AS TEXT) AS method,
         CAST(? AS TEXT) AS rules_version, CAST(? AS BIGINT) AS execution, CAST(? AS DATE) AS limit_date,
         CAST(? AS DATE) AS as_of, CAST(? AS TEXT) AS action, CAST(? AS BOOLEAN) AS erasure,
         CAST(? AS TEXT) AS job, CAST(? AS TEXT) AS keys_pattern
),
locked AS (
  SELECT h.*
  FROM booking_history h JOIN ids USING (id), p
  WHERE (h.anonymization IS NULL OR (p.erasure AND h.anonymization = 'pseudonymized'))
    AND NOT lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
  FOR UPDATE OF h SKIP LOCKED
),
held AS (
  SELECT 'held back: legal hold' AS label
  FROM booking_history h JOIN ids USING (id), p
  WHERE (h.anonymization IS NULL OR (p.erasure AND h.anonymization = 'pseudonymized'))
    AND lifecycle_held('BOOKING', h.original_booking_id, p.as_of)
),
hashed AS (
  -- one pass over the locked rows (no join back to them: the CTEs' row estimates would make any
  -- join a nested loop over the chunk squared); the audit entry's id is drawn here
  SELECT l.id, l.original_booking_id, l.data_hash AS old_hash, m.*,
         booking_data_hash(l.original_booking_id, l.booking_reference, m.guest_name, m.guest_email, m.guest_phone,
           l.hotel_id, l.room_type, l.check_in_date, l.check_out_date, l.booking_status, l.payment_status,
           l.total_amount, l.currency, m.special_requests, l.booking_created_at, l.cancelled_at, l.archived_at,
           l.archive_reason) AS new_hash,
         nextval(pg_get_serial_sequence('audit_logs', 'id')) AS entry_id
  FROM locked l
  CROSS JOIN p
  CROSS JOIN LATERAL (
    SELECT CASE WHEN p.method = 'pseudonymized' AND l.guest_email IS NOT NULL
                THEN 'hmac-sha256:' || encode(lifecycle_hmac(lower(btrim(l.guest_email)), p.eikey, p.eokey), 'hex')
           END AS guest_key,
           lifecycle_mask_text(l.guest_name, p.cols -> 'guest_name', l.original_booking_id, p.ikey, p.okey)
             AS guest_name,
           lifecycle_mask_text(l.guest_email, p.cols -> 'guest_email', l.original_booking_id, p.ikey, p.okey)
             AS guest_email,
           lifecycle_mask_text(l.guest_phone, p.cols -> 'guest_phone', l.original_booking_id, p.ikey, p.okey)
             AS guest_phone,
           lifecycle_mask_text(l.special_requests, p.cols -> 'special_requests', l.original_booking_id,
             p.ikey, p.okey) AS special_requests
  ) m
),
chunk AS (
  SELECT ARRAY(SELECT original_booking_id FROM locked) AS bookings,
         (SELECT lifecycle_trail_since(min(booking_created_at)) FROM locked) AS since
),
audit_masked AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM chunk) AS BIGINT[]))
    AND a.created_at >= (SELECT since FROM chunk)
    AND ((a.ip_address IS NOT NULL AND p.ip_rule IS NOT NULL) OR a.old_values::text ~ p.keys_pattern
         OR a.new_values::text ~ p.keys_pattern OR a.metadata::text ~ p.keys_pattern)
  RETURNING 'audit rows masked' AS label
),
held_copies_masked AS (
  UPDATE audit_logs_held a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      metadata = lifecycle_mask_json(a.metadata, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM p
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM chunk) AS BIGINT[]))
  RETURNING 'kept audit rows masked (audit_logs_held)' AS label
),
guest_users AS (
  SELECT DISTINCT a.user_id
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT bookings FROM chunk) AS BIGINT[]))
    AND a.created_at >= (SELECT since FROM chunk)
    AND a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
  EXCEPT
  SELECT user_id FROM p, lifecycle_held_users(p.as_of)
),
logins_masked AS (
  UPDATE audit_logs a
  SET old_values = lifecycle_mask_json(a.old_values, p.paths, a.resource_id, p.ikey, p.okey),
      new_values = lifecycle_mask_json(a.new_values, p.paths, a.resource_id, p.ikey, p.okey),
      ip_address = lifecycle_mask_text(a.ip_address, p.ip_rule, a.resource_id, p.ikey, p.okey)
  FROM p
  WHERE a.resource_type = 'USER' AND a.resource_id = ANY (ARRAY(SELECT user_id FROM guest_users))
    AND a.action LIKE '%LOGIN%' AND a.created_at < CAST(p.limit_date AS TIMESTAMP) AT TIME ZONE 'UTC'
  RETURNING 'login rows masked' AS label
),
entries AS (
  INSERT INTO audit_logs (id, action, resource_type, resource_id, new_values, metadata, created_at)
  SELECT h.entry_id, p.action, 'BOOKING', h.original_booking_id,
         jsonb_build_object('old_hash', h.old_hash, 'new_hash', h.new_hash, 'method', p.method,
                            'rules_version', p.rules_version),
         jsonb_build_object('job', p.job, 'job_execution_id', p.execution),
         now()
  FROM hashed h, p
),
updated AS (
  UPDATE booking_history b
  SET guest_name = h.guest_name, guest_email = h.guest_email, guest_phone = h.guest_phone,
      special_requests = h.special_requests, data_hash = h.new_hash, anonymized_at = now(),
      guest_key = h.guest_key,
      anonymization = p.method, is_anonymized = (p.method = 'anonymized'),
      audit_log_ids = CASE WHEN b.audit_log_ids IS NULL THEN NULL ELSE b.audit_log_ids || h.entry_id END
  FROM hashed h, p
  WHERE b.id = h.id
  RETURNING 'history rows ' || p.method AS label
)
SELECT label FROM updated
UNION ALL SELECT label FROM audit_masked
UNION ALL SELECT label FROM held_copies_masked
UNION ALL SELECT label FROM logins_masked
UNION ALL SELECT label FROM held;
