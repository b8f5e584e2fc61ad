-- The history rows an incremental night verifies, the one definition of them (the plan writes them
-- to integrity_night_rows; a dry run reads them from here): written or changed since the last
-- verified point (lifecycle_written_between: xmin, which no writer chooses), in the night's window
-- of ids, or holding an open finding (so that it is found again, and counted by the night, or
-- resolved, whatever the window), but audit_id_purged (expected, and it never changes back: the
-- purge's record only grows). With why each is taken. By keyset over id.
-- Parameters: since and until (the night's transaction range, BIGINT), window after (the smallest
-- BIGINT: from the first id), window through (the largest BIGINT: to the last id), last id, page
-- size.
WITH p AS (
  SELECT CAST(? AS BIGINT) AS since, CAST(? AS BIGINT) AS until, CAST(? AS BIGINT) AS after_id,
         CAST(? AS BIGINT) AS through_id
),
open_findings AS (
  SELECT DISTINCT booking_history_id AS id
  FROM integrity_open_findings
  WHERE resolved_on IS NULL AND finding <> 'audit_id_purged' AND booking_history_id <> 0
)
SELECT h.id, n.changed, n.in_window, n.open_finding
FROM booking_history h
CROSS JOIN p
CROSS JOIN LATERAL (
  SELECT lifecycle_written_between(h.xmin, p.since, p.until) AS changed,
         h.id > p.after_id AND h.id <= p.through_id AS in_window,
         h.id IN (SELECT id FROM open_findings) AS open_finding
) n
WHERE h.id > ?
  AND (n.changed OR n.in_window OR n.open_finding)
ORDER BY h.id
LIMIT ?
