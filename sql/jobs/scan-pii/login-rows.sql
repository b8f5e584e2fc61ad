  -- A part of scan-logins.sql (not a statement on its own): the login rows of the chunk's user
  -- accounts in one table of audit rows (%%1$s: audit_logs, audit_logs_held, audit_logs_legacy),
  -- resource_id = ANY(chunk) and created_at before the chunk's bound (both initplans).
  SELECT CAST('%1$s' AS TEXT) AS table_name, a.id, a.resource_id, a.created_at, a.old_values, a.new_values,
         a.metadata, a.ip_address
  FROM %1$s a
  WHERE a.resource_type = 'USER' AND a.resource_id = ANY (CAST((SELECT ids FROM p) AS BIGINT[])) AND a.action LIKE '%%LOGIN%%'
    AND a.created_at < (SELECT before FROM bound)
