-- Whether all of history was re-verified within N nights, and since when the oldest row went
-- unverified, as the completed nights left it (up to a given night, or the last one): one row, none
-- before the first completed night. The last night's window stopped at an id; the rows after it
-- were last verified by the newest night whose window held the next id (or, when the last window
-- reached the last id, the newest night whose window started at the first: the sweep's first
-- night, or a full night): that night's asOf is the oldest verification of any row, rows verified
-- as written or changed being newer. On a partitioned audit_logs the audit ids' window (the
-- duplicate check) counts too. Within: asOf of the last night minus that asOf is less than N (the
-- last night's integrity.within-nights). Dates and counts only.
-- Parameter: a job instance id (the coverage as the completed nights planned up to it left it), or
-- NULL (as of the last completed night).
WITH p AS (
  SELECT CAST(? AS BIGINT) AS instance_id
),
done AS (
  SELECT n.*
  FROM integrity_nights n, p
  WHERE n.completed_at IS NOT NULL
    AND (p.instance_id IS NULL
         OR n.planned_at <= (SELECT m.planned_at FROM integrity_nights m WHERE m.job_instance_id = p.instance_id))
),
last AS (
  SELECT * FROM done ORDER BY planned_at DESC, job_instance_id DESC LIMIT 1
),
oldest AS (
  SELECT (SELECT max(d.as_of) FROM done d
          WHERE CASE WHEN last.history_through IS NULL THEN d.history_after IS NULL
                     ELSE (d.history_after IS NULL OR d.history_after <= last.history_through)
                          AND (d.history_through IS NULL OR d.history_through > last.history_through) END)
           AS history_on,
         (SELECT max(d.as_of) FROM done d
          WHERE CASE WHEN last.audit_through IS NULL THEN d.audit_after IS NULL
                     ELSE (d.audit_after IS NULL OR d.audit_after <= last.audit_through)
                          AND (d.audit_through IS NULL OR d.audit_through > last.audit_through) END)
           AS audit_on,
         (SELECT relkind = 'p' FROM pg_class WHERE oid = CAST('audit_logs' AS REGCLASS)) AS audit_partitioned
  FROM last
),
verdict AS (
  SELECT last.*,
         CASE WHEN o.audit_partitioned AND (o.audit_on IS NULL OR o.audit_on < o.history_on) THEN o.audit_on
              ELSE o.history_on END AS oldest_verified_on
  FROM last, oldest o
)
SELECT v.as_of AS last_night, v.mode AS last_mode, v.within_nights, v.oldest_verified_on,
       COALESCE(v.as_of - v.oldest_verified_on < v.within_nights, FALSE) AS within,
       v.as_of - v.oldest_verified_on AS nights_unverified
FROM verdict v
