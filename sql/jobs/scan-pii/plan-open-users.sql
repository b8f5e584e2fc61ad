-- Adds to scan-pii's work list the user accounts with a login finding still open, not kept by a
-- legal hold, so their logins are scanned again tonight (a fix is seen the next night), with all
-- their logins when the finding was an erased guest's. Parameters: job instance, the user accounts
-- a legal hold keeps (BIGINT[]).
INSERT INTO pii_scan_work (job_instance_id, subject_type, subject_id, all_logins)
SELECT CAST(? AS BIGINT), 'USER', o.subject_id, bool_or(o.all_logins)
FROM pii_open_findings o
WHERE o.subject_type = 'USER' AND o.subject_id <> ALL (CAST(? AS BIGINT[]))
GROUP BY o.subject_id
ON CONFLICT DO NOTHING
