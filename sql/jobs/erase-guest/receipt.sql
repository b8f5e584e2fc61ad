-- erase-guest's receipt (no personal data): the request's guest key (an HMAC), the bookings it
-- resolved to with their references, where they were and the old and new data hash of each masked
-- history row, the rows per table of those bookings, the columns and JSON paths the rules mask,
-- the rules' version, the bookings a legal hold kept, and the residual check (must be 0).
-- Parameters: job instance id, guest key, rules version, column names (TEXT[]), JSON paths
-- (TEXT[]), residual, held, job instance id (four more times).
SELECT jsonb_build_object(
  'job_instance_id', CAST(? AS BIGINT),
  'guest_key', CAST(? AS TEXT),
  'rules_version', CAST(? AS TEXT),
  'columns_masked', to_jsonb(CAST(? AS TEXT[])),
  'json_paths_masked', to_jsonb(CAST(? AS TEXT[])),
  'residual', CAST(? AS BIGINT),
  'held_by_legal_hold', CAST(? AS BIGINT),
  'bookings', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'booking_id', e.booking_id, 'reference', e.booking_reference, 'table', e.source,
                   'old_hash', g.new_values ->> 'old_hash', 'new_hash', g.new_values ->> 'new_hash')
                 ORDER BY e.booking_id), '[]'::jsonb)
               FROM lifecycle_erasure_bookings e
               LEFT JOIN audit_logs g ON g.action = 'GDPR_ERASE' AND g.resource_type = 'BOOKING'
                                     AND g.resource_id = e.booking_id
               WHERE e.job_instance_id = CAST(? AS BIGINT)),
  'rows', jsonb_build_object(
    'booking_history', (SELECT count(*) FROM booking_history h JOIN lifecycle_erasure_bookings e
                          ON e.booking_id = h.original_booking_id WHERE e.job_instance_id = CAST(? AS BIGINT)),
    'bookings', (SELECT count(*) FROM bookings b JOIN lifecycle_erasure_bookings e
                   ON e.booking_id = b.id WHERE e.job_instance_id = CAST(? AS BIGINT)),
    'audit_logs', (SELECT count(*) FROM audit_logs a JOIN lifecycle_erasure_bookings e
                     ON a.resource_type = 'BOOKING' AND a.resource_id = e.booking_id
                   WHERE e.job_instance_id = CAST(? AS BIGINT))))::text AS receipt;
