-- Records, when a real scan completes, the change state of every table it looks in for written
-- rows, from its plan (pii_scan_plans.relations): a table read for written rows (or every table,
-- on a full scan) gets the count it had and tonight's marker; one not read keeps what it had; a
-- table that is gone (a dropped month) is forgotten. Parameter: job instance.
WITH planned AS (
  SELECT r.relation, r.relid, r.written, r.marker
  FROM pii_scan_plans pl,
       jsonb_to_recordset(pl.relations) AS r (relation TEXT, relid OID, written BIGINT, marker BIGINT)
  WHERE pl.job_instance_id = ?
),
forgotten AS (
  DELETE FROM pii_scan_relations s WHERE s.relation NOT IN (SELECT relation FROM planned) RETURNING 1
)
INSERT INTO pii_scan_relations AS s (relation, relid, written, marker)
SELECT relation, relid, written, marker FROM planned
ON CONFLICT (relation) DO UPDATE SET relid = EXCLUDED.relid, written = EXCLUDED.written, marker = EXCLUDED.marker,
                                     recorded_at = now()
