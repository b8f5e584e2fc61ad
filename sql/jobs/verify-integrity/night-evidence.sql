-- What a real night covered (integrity_nights), for `show`: its mode and why, its rows and why
-- they were taken, its windows, whether it completed or was superseded. Ids, dates and counts only.
-- Parameter: job instance id.
SELECT mode, reason, within_nights, sweep_started_on, history_after, history_through, audit_after, audit_through,
       audit_new_after, planned_rows, changed_rows, window_rows, open_rows, completed_at IS NOT NULL AS completed,
       superseded_by
FROM integrity_nights
WHERE job_instance_id = ?
