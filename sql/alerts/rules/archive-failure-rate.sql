-- Alert rule archive-failure-rate: archive-bookings' failed work over its attempted work, in
-- percent, over its real (not dry) job instances with an execution that ended in the window
-- before now, each read from the latest such execution (its move step's counters are cumulative
-- over the instance's restarts, see MoveChunkWriter and KeysetReader):
--   attempted = candidates read ('candidates.read.count') + bookings skipped for bad data
--               (lifecycle_skipped_rows of the instance) + rows of rolled-back chunks
--               (rollback_count x chunkSize over the instance's move steps);
--   failed    = candidates the platform held locked ('count.skipped-locked <rule>') + bookings
--               skipped for bad data + rows of rolled-back chunks; when that execution FAILED,
--               every row of the instance it did not archive ('count.archived <rule>'), at least
--               one: the candidates it never reached count as attempted and failed (the reader's
--               'candidates.total', its read count plus the candidates ahead of it when the
--               execution started).
-- Contexts in the legacy (non-JSON) format count as empty. 0 when nothing was attempted.
-- One row, subject ''. Parameters: now (timestamptz), window (seconds).
WITH p AS (
  SELECT CAST(? AS TIMESTAMPTZ) AS now, make_interval(secs => CAST(? AS BIGINT)) AS window_length
),
latest AS (
  SELECT DISTINCT ON (e.job_instance_id) e.job_instance_id, e.job_execution_id, e.status
  FROM p, batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
  WHERE i.job_name = 'archive-bookings'
    AND CAST(e.end_time AS TIMESTAMPTZ) > p.now - p.window_length
    AND CAST(e.end_time AS TIMESTAMPTZ) <= p.now
    AND NOT EXISTS (SELECT 1 FROM batch_job_execution_params d
                    WHERE d.job_execution_id = e.job_execution_id
                      AND d.parameter_name = 'dryRun' AND d.parameter_value = 'true')
  ORDER BY e.job_instance_id, e.end_time DESC, e.job_execution_id DESC
),
counters AS (
  SELECT l.job_instance_id, l.status,
         COALESCE(sum(v.n) FILTER (WHERE v.key = 'candidates.read.count'), 0) AS read,
         COALESCE(sum(v.n) FILTER (WHERE v.key = 'candidates.total'), 0) AS total,
         COALESCE(sum(v.n) FILTER (WHERE v.key LIKE 'count.archived %'), 0) AS archived,
         COALESCE(sum(v.n) FILTER (WHERE v.key LIKE 'count.skipped-locked %'), 0) AS locked
  FROM latest l
  LEFT JOIN batch_step_execution s
    ON s.job_execution_id = l.job_execution_id AND s.step_name = 'archiveBookingsStep'
  LEFT JOIN batch_step_execution_context c ON c.step_execution_id = s.step_execution_id
  LEFT JOIN LATERAL (
    SELECT x.key, CASE jsonb_typeof(x.value)
                    WHEN 'array' THEN CAST(x.value ->> 1 AS NUMERIC)
                    WHEN 'number' THEN CAST(x.value #>> '{}' AS NUMERIC)
                  END AS n
    FROM jsonb_each(CASE WHEN left(ltrim(COALESCE(c.serialized_context, c.short_context)), 1) = '{'
                         THEN CAST(COALESCE(c.serialized_context, c.short_context) AS JSONB)
                         ELSE '{}' END) x
  ) v ON true
  GROUP BY l.job_instance_id, l.status
),
work AS (
  SELECT k.status, k.archived, k.locked,
         CASE WHEN k.status = 'FAILED' THEN GREATEST(k.read, k.total) ELSE k.read END AS read,
         (SELECT count(*) FROM lifecycle_skipped_rows r
          WHERE r.job_name = 'archive-bookings' AND r.job_instance_id = k.job_instance_id) AS bad,
         (SELECT COALESCE(sum(s.rollback_count * COALESCE(CAST(NULLIF(cs.parameter_value, '') AS BIGINT), 1000)), 0)
          FROM batch_job_execution e
          JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
                                     AND s.step_name = 'archiveBookingsStep'
          LEFT JOIN batch_job_execution_params cs ON cs.job_execution_id = e.job_execution_id
                                                 AND cs.parameter_name = 'chunkSize'
          WHERE e.job_instance_id = k.job_instance_id) AS rolled
  FROM counters k
),
totals AS (
  SELECT sum(w.read + w.bad + w.rolled) AS attempted,
         sum(CASE WHEN w.status = 'FAILED'
                  THEN GREATEST(w.read + w.bad + w.rolled - w.archived, 1)
                  ELSE w.locked + w.bad + w.rolled END) AS failed,
         bool_or(w.status = 'FAILED') AS any_failed
  FROM work w
)
SELECT '' AS subject,
       CASE WHEN t.attempted > 0 THEN round(100.0 * t.failed / t.attempted, 4)
            WHEN t.any_failed THEN 100
            ELSE 0 END AS value
FROM totals t;
