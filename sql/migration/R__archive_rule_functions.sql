-- The archive rule functions, whose current text is what the job runs (a repeatable migration:
-- Flyway reapplies it whenever it changes, on every database, after the versioned ones; first
-- created by V10). The rule values themselves are bound by the job as JSON built from
-- jobs/archive-bookings.yml (see ArchiveRules.toJson). STABLE and single SELECTs, so the planner
-- inlines them into the calling statement.

-- The archive rule a booking matches, if any. `rules` is the JSON the job binds (built from
-- jobs/archive-bookings.yml, see ArchiveRules.toJson): name, booking_statuses, payment_statuses,
-- anchor (check-out | cancellation), cutoff (the anchor date must be before it), reason.
-- Money in flight (payment pending or failed) never matches, whatever the rules say; with
-- ignore_payment the payment status is not looked at (to count what is held back).
-- Dates are compared in UTC. A single SELECT, so the planner inlines it into the caller.
CREATE OR REPLACE FUNCTION archive_rule_match(b bookings, rules JSONB, ignore_payment BOOLEAN DEFAULT false)
RETURNS TABLE (rule_name TEXT, archive_reason TEXT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT r.name, r.reason
  FROM jsonb_to_recordset(rules) AS r (name TEXT, booking_statuses TEXT[], payment_statuses TEXT[],
                                       anchor TEXT, cutoff DATE, reason TEXT)
  WHERE b.booking_status = ANY (r.booking_statuses)
    AND (ignore_payment
         OR (b.payment_status = ANY (r.payment_statuses) AND b.payment_status NOT IN ('pending', 'failed')))
    AND CASE r.anchor
          WHEN 'check-out' THEN b.check_out_date
          WHEN 'cancellation' THEN (b.cancelled_at AT TIME ZONE 'UTC')::DATE
        END < r.cutoff
  LIMIT 1
$$;

-- Why a booking a rule is about cannot be archived because of its data (at most one row): such
-- rows are skipped with this reason recorded, never silently. A set-returning single SELECT, so the
-- planner inlines it into a LATERAL join instead of calling it once per row.
CREATE OR REPLACE FUNCTION archive_data_problems(b bookings, rules JSONB)
RETURNS TABLE (problem TEXT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT CASE
           WHEN b.booking_status <> lower(b.booking_status)
             THEN 'booking_status ''' || b.booking_status || ''' is not in lower case'
           WHEN r.anchor = 'cancellation' AND b.cancelled_at IS NULL
             THEN 'cancelled booking without cancelled_at'
           ELSE 'original_booking_id already in booking_history'
         END
  FROM jsonb_to_recordset(rules) AS r (booking_statuses TEXT[], anchor TEXT)
  WHERE lower(b.booking_status) = ANY (r.booking_statuses)
    AND (b.booking_status <> lower(b.booking_status)
         OR (r.anchor = 'cancellation' AND b.cancelled_at IS NULL)
         OR EXISTS (SELECT 1 FROM booking_history h WHERE h.original_booking_id = b.id))
  LIMIT 1
$$;

-- The same as a value, or NULL (the form V10 created): one definition, the one above.
CREATE OR REPLACE FUNCTION archive_data_problem(b bookings, rules JSONB)
RETURNS TEXT
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT problem FROM archive_data_problems(b, rules)
$$;

-- The latest cutoff of the rules: a booking whose check-out and cancellation day (UTC) are both on
-- or after it matches no rule. The report after the move looks only at bookings due before it,
-- through idx_bookings_archive_due (V16), whose expression the statements repeat exactly.
CREATE OR REPLACE FUNCTION archive_due_before(rules JSONB)
RETURNS DATE
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT max(r.cutoff) FROM jsonb_to_recordset(rules) AS r (cutoff DATE)
$$;

-- Every booking status some rule is about (lower case): with archive_due_before, what narrows the
-- report to the bookings a rule could take, hold back or skip.
CREATE OR REPLACE FUNCTION archive_rule_statuses(rules JSONB)
RETURNS TEXT[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT array_agg(DISTINCT s) FROM jsonb_to_recordset(rules) AS r (booking_statuses TEXT[]),
    unnest(r.booking_statuses) AS s
$$;
