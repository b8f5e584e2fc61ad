-- One batch of the pruning of one of the suite's own tables: its next rows, by keyset over the id,
-- whose age column is before the cutoff (a NULL, such as an outbox event never published, never
-- is). The table and its age column are put in by the caller, from its fixed list.
-- Parameters: the cutoff (timestamptz), the last id done, the batch size. Returns the rows deleted
-- and the batch's largest id (NULL when none is left).
WITH next AS (
  SELECT id FROM %1$s
  WHERE %2$s < ? AND id > ?
  ORDER BY id
  LIMIT ?
), gone AS (
  DELETE FROM %1$s t USING next WHERE t.id = next.id
  RETURNING t.id
)
SELECT (SELECT count(*) FROM gone) AS deleted, (SELECT max(id) FROM next) AS last_id;
