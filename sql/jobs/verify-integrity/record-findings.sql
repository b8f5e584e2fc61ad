-- One chunk's findings in one statement (arrays bound per column). A finding already recorded by
-- an earlier execution of the same job instance (a restart) is not recorded twice.
INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id, finding)
SELECT ?, ?, f.booking_history_id, f.original_booking_id, f.finding
FROM unnest(?::BIGINT[], ?::BIGINT[], ?::VARCHAR[]) AS f (booking_history_id, original_booking_id, finding)
ON CONFLICT ON CONSTRAINT integrity_findings_once DO NOTHING;
