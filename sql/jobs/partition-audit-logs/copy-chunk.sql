-- One chunk of partition-audit-logs' copy: the rows of an id range, exactly as stored (the session
-- sets lifecycle.legacy_import, so the new table's trigger keeps their tier and expiry), routed to
-- their tier and month by the partition key. A row the mirror trigger already copied is left alone.
-- Returns the rows copied. Parameters: the chunk's first id, its last id.
WITH copied AS (
  INSERT INTO audit_logs_new
  SELECT * FROM audit_logs WHERE id BETWEEN ? AND ?
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT count(*) FROM copied;
