-- One rule's evaluation, in one statement: the values measured per subject (a subject the rule no
-- longer reports, such as a job no longer running, counts as 0) become the rule's states in
-- lifecycle_alert_states, and each state that changed (firing <-> not firing, or a new subject
-- already firing) queues one event in lifecycle_outbox, alert.firing or alert.resolved, with the
-- state row's id as aggregate_id. A state that did not change queues nothing, so an alert is sent
-- once when it starts and once when it resolves. Fires when value > threshold. Runs in the
-- evaluation's transaction, under its advisory lock (lock-evaluation.sql). Codes and figures
-- only: no personal data; times in UTC ISO form, whatever the session's zone. Parameters: rule, severity, threshold (numeric), runbook, now
-- (timestamptz), subjects (text[]), values (numbers as text[], pairwise with subjects).
-- Returns the events queued: event_type, aggregate_id, subject.
WITH p AS (
  SELECT CAST(? AS TEXT) AS rule, CAST(? AS TEXT) AS severity, CAST(? AS NUMERIC) AS threshold,
         CAST(? AS TEXT) AS runbook, CAST(? AS TIMESTAMPTZ) AS now,
         CAST(? AS TEXT[]) AS subjects, CAST(CAST(? AS TEXT[]) AS NUMERIC[]) AS measured_values
),
measured AS (
  SELECT m.subject, m.value
  FROM p, unnest(p.subjects, p.measured_values) AS m (subject, value)
  UNION ALL
  SELECT s.subject, 0
  FROM p, lifecycle_alert_states s
  WHERE s.rule = p.rule AND s.subject <> ALL (p.subjects)
),
before AS (
  SELECT s.subject, s.firing, s.since
  FROM p, lifecycle_alert_states s
  WHERE s.rule = p.rule
),
stored AS (
  INSERT INTO lifecycle_alert_states AS s (rule, subject, severity, firing, since, last_value, threshold,
                                           last_evaluated_at, watched_since)
  SELECT p.rule, m.subject, p.severity, m.value > p.threshold, p.now, m.value, p.threshold, p.now, p.now
  FROM p, measured m
  ON CONFLICT ON CONSTRAINT lifecycle_alert_states_once DO UPDATE
    SET since = CASE WHEN s.firing <> EXCLUDED.firing THEN EXCLUDED.since ELSE s.since END,
        firing = EXCLUDED.firing,
        severity = EXCLUDED.severity,
        last_value = EXCLUDED.last_value,
        threshold = EXCLUDED.threshold,
        last_evaluated_at = EXCLUDED.last_evaluated_at
  RETURNING s.id, s.subject, s.firing, s.since, s.last_value
),
changed AS (
  SELECT t.id, t.subject, t.firing, t.since, t.last_value, b.since AS firing_since
  FROM stored t
  LEFT JOIN before b ON b.subject = t.subject
  WHERE t.firing <> COALESCE(b.firing, false)
),
queued AS (
  INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload)
  SELECT CASE WHEN c.firing THEN 'alert.firing' ELSE 'alert.resolved' END, c.id,
         jsonb_strip_nulls(jsonb_build_object(
           'rule', p.rule, 'subject', c.subject, 'severity', p.severity, 'value', c.last_value,
           'threshold', p.threshold, 'runbook', p.runbook,
           'since', to_char(c.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'firing_since', CASE WHEN NOT c.firing
                                THEN to_char(c.firing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END))
  FROM p, changed c
  RETURNING event_type, aggregate_id, payload ->> 'subject' AS subject
)
SELECT event_type, aggregate_id, subject FROM queued ORDER BY aggregate_id;
