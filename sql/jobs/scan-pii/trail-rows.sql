  -- A part of scan-bookings.sql (not a statement on its own): the audit rows of the chunk's
  -- bookings in one table of audit rows (%%1$s: audit_logs, audit_logs_held, audit_logs_legacy),
  -- resource_id = ANY(chunk) and created_at from the chunk's bound on (both initplans).
  SELECT CAST('%1$s' AS TEXT) AS table_name, a.id, a.resource_id, a.action, a.user_id, a.old_values,
         a.new_values, a.metadata, a.ip_address
  FROM %1$s a
  WHERE a.resource_type = 'BOOKING' AND a.resource_id = ANY (CAST((SELECT ids FROM p) AS BIGINT[]))
    AND a.created_at >= (SELECT since FROM bound)
