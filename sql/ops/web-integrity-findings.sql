-- The open verify-integrity findings (found and not yet verified clean, whatever the last night's
-- window: integrity_open_findings), by kind, with whether the kind is an integrity failure, for the
-- web page's compliance panel: one row per kind open, or one row with finding NULL and 0 when none
-- is open; no row before the first completed real night (integrity_nights). Ids and kinds only.
-- No parameters.
WITH verified AS (
  SELECT EXISTS (SELECT 1 FROM integrity_nights WHERE completed_at IS NOT NULL) AS yes
),
open AS (
  SELECT finding, count(*) AS findings
  FROM integrity_open_findings
  WHERE resolved_on IS NULL
  GROUP BY finding
)
SELECT o.finding,
       o.finding IN ('hash_mismatch', 'audit_id_dangling', 'audit_id_duplicate') AS failure,
       COALESCE(o.findings, 0) AS findings
FROM verified v
LEFT JOIN open o ON TRUE
WHERE v.yes
ORDER BY o.finding NULLS FIRST
