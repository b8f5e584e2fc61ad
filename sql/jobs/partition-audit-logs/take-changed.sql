-- partition-audit-logs: take a batch of the ids the mirror trigger noted (plain-table rows updated
-- or deleted during the copy), to redo their copies in the same transaction (remove-copies.sql, then
-- copy-rows.sql). Run after the copy, and once more inside the swap's transaction.
-- Returns the distinct ids taken. Parameters: batch size.
WITH taken AS (
  DELETE FROM lifecycle_conversion_changes
  WHERE ctid = ANY (ARRAY(SELECT ctid FROM lifecycle_conversion_changes LIMIT ?))
  RETURNING id
)
SELECT DISTINCT id FROM taken;
