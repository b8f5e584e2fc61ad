-- partition-audit-logs: copy rows of the plain table as they now are (a deleted one is simply not
-- there), after remove-copies.sql. Returns the rows copied. Parameters: the ids.
WITH copied AS (
  INSERT INTO audit_logs_new
  SELECT * FROM audit_logs WHERE id = ANY (?)
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT count(*) FROM copied;
