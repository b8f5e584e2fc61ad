-- erase-guest's receipt (no personal data): the request's guest key (an HMAC), the bookings it
-- resolved to with their references, where they were, the old and new data hash of each masked
-- history row and whether a legal hold kept the booking as it was, the rows per table of those
-- bookings, the columns and JSON paths the rules mask, the rules' version, how many bookings and
-- user accounts legal holds kept, the residual check (0: nothing of the guest found, and the
-- tables it searched), and the guest's exports (export-guest runs of the same guest: execution,
-- host and file, so the operator can delete the files).
-- Parameters: job instance id, guest key, rules version, column names (TEXT[]), JSON paths
-- (TEXT[]), residual, the tables searched (TEXT[]), asOf.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS TEXT) AS guest, CAST(? AS TEXT) AS rules_version,
         CAST(? AS TEXT[]) AS columns_masked, CAST(? AS TEXT[]) AS paths_masked, CAST(? AS BIGINT) AS residual,
         CAST(? AS TEXT[]) AS searched, CAST(? AS DATE) AS as_of
),
resolved AS (
  SELECT e.booking_id, e.booking_reference, e.source,
         e.booking_id NOT IN (SELECT s.booking_id FROM lifecycle_erasure_stays(p.inst, p.as_of) s) AS kept
  FROM lifecycle_erasure_bookings e, p
  WHERE e.job_instance_id = p.inst
),
erase_entries AS (
  -- the GDPR_ERASE entry of each masked history row (the last, should the guest have been erased
  -- before), read for all the request's bookings at once
  SELECT DISTINCT ON (a.resource_id) a.resource_id, a.new_values
  FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.action = 'GDPR_ERASE'
    AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM resolved))
  ORDER BY a.resource_id, a.id DESC
),
exports AS (
  SELECT x.job_execution_id, o.host, f.parameter_value AS file, x.start_time
  FROM batch_job_execution x
  JOIN batch_job_instance i ON i.job_instance_id = x.job_instance_id AND i.job_name = 'export-guest'
  LEFT JOIN lifecycle_execution_owner o ON o.job_execution_id = x.job_execution_id
  LEFT JOIN batch_job_execution_params f ON f.job_execution_id = x.job_execution_id AND f.parameter_name = 'file'
  CROSS JOIN p
  WHERE EXISTS (SELECT 1 FROM batch_job_execution_params g
                WHERE g.job_execution_id = x.job_execution_id AND g.parameter_name = 'guestEmail'
                  AND g.parameter_value = p.guest)
     OR EXISTS (SELECT 1 FROM lifecycle_erasure_bookings b JOIN resolved r ON r.booking_id = b.booking_id
                WHERE b.job_instance_id = i.job_instance_id)
)
SELECT jsonb_build_object(
  'job_instance_id', p.inst,
  'guest_key', p.guest,
  'rules_version', p.rules_version,
  'columns_masked', to_jsonb(p.columns_masked),
  'json_paths_masked', to_jsonb(p.paths_masked),
  'residual', p.residual,
  'residual_check_searched', to_jsonb(p.searched),
  'held_by_legal_hold', (SELECT count(*) FROM resolved WHERE kept),
  'accounts_kept_by_legal_hold',
    (SELECT count(*) FROM lifecycle_erasure_users u WHERE u.job_instance_id = p.inst)
    - (SELECT count(*) FROM lifecycle_erasure_accounts(p.inst, p.as_of)),
  'bookings', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'booking_id', r.booking_id, 'reference', r.booking_reference, 'table', r.source,
                   'kept_by_legal_hold', r.kept,
                   'old_hash', g.new_values ->> 'old_hash', 'new_hash', g.new_values ->> 'new_hash')
                 ORDER BY r.booking_id), '[]'::jsonb)
               FROM resolved r LEFT JOIN erase_entries g ON g.resource_id = r.booking_id),
  'rows', jsonb_build_object(
    'booking_history', (SELECT count(*) FROM booking_history h
                        WHERE h.original_booking_id = ANY (ARRAY(SELECT booking_id FROM resolved))),
    'bookings', (SELECT count(*) FROM bookings b WHERE b.id = ANY (ARRAY(SELECT booking_id FROM resolved))),
    'audit_logs', (SELECT count(*) FROM audit_logs a
                   WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (ARRAY(SELECT booking_id FROM resolved)))),
  'exports', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                  'execution', x.job_execution_id, 'host', x.host, 'file', x.file,
                  'started_at', to_char(x.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                ORDER BY x.job_execution_id), '[]'::jsonb)
              FROM exports x))::text AS receipt
FROM p;
