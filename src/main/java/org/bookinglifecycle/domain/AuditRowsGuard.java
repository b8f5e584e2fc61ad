package org.bookinglifecycle.domain;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The online conversion of {@code audit_logs} (partition-audit-logs) and the jobs that
 * change or delete audit rows exclude each other: the conversion proves its copy by
 * comparing the two tables, so a job rewriting or purging audit rows meanwhile would make
 * the proof fail or, worse, pass on rows it changed. Each side checks the other when a
 * run starts, before any work (exit 2). A job that changes audit rows declares itself
 * here and calls {@link #conversionProblems(JdbcTemplate)} in its checks.
 */
public final class AuditRowsGuard {

	/**
	 * The jobs that change or delete audit rows (beyond dating them, which the
	 * conversion's mirror trigger carries over): anonymize-guests and erase-guest mask
	 * payloads, purge-retention deletes. Named before they exist, so the conversion
	 * refuses to start under them from the day they land.
	 */
	public static final List<String> AUDIT_ROW_JOBS = List.of("anonymize-guests", "erase-guest", "purge-retention");

	private AuditRowsGuard() {
	}

	/**
	 * Why a job that changes audit rows may not start now.
	 * @param jdbc the database
	 * @return the problem, or nothing
	 */
	public static List<String> conversionProblems(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT format('a conversion of %s into partitions is in progress (state %s since %s);"
				+ " let partition-audit-logs finish first (rerun it: it continues)', table_name, state,"
				+ " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI UTC')) FROM lifecycle_partition_conversions"
				+ " WHERE state IN ('copying', 'swapped')", String.class);
	}

	/**
	 * Why a conversion of audit_logs may not start now: the executions of jobs that
	 * change audit rows still running.
	 * @param jdbc the database
	 * @return the problems, naming each running execution
	 */
	public static List<String> runningAuditRowJobs(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT format('%s is running (execution %s, status %s); it changes audit rows,"
				+ " so the conversion waits until it ends', i.job_name, e.job_execution_id, e.status)"
				+ " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
				+ " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') AND i.job_name = ANY (?)"
				+ " ORDER BY e.job_execution_id", String.class, (Object) AUDIT_ROW_JOBS.toArray(String[]::new));
	}

	/**
	 * Why a purge may not start now: the jobs that write booking_history's references to
	 * audit rows (archive-bookings, backfill-audit-log-ids) running. A purge records the
	 * referenced ids it removes; a reference committed after that, to a row it removed,
	 * would read as dangling.
	 * @param jdbc the database
	 * @return the problems, naming each running execution
	 */
	public static List<String> runningReferenceWriters(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT format('%s is running (execution %s); it writes audit_log_ids, so the purge"
				+ " waits until it ends', i.job_name, e.job_execution_id)"
				+ " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
				+ " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')"
				+ " AND i.job_name IN ('archive-bookings', 'backfill-audit-log-ids') ORDER BY e.job_execution_id",
				String.class);
	}

	/**
	 * Why a job that must see every audit row (verify-integrity, erase-guest) may not
	 * start now: months a purge detached and has not yet dropped, whose rows are in
	 * neither audit_logs nor the purge's record, so no statement on audit_logs reads or
	 * masks them.
	 * @param jdbc the database
	 * @param before what waits for the purge, e.g. {@code verifying}
	 * @return the problem, or nothing
	 */
	public static List<String> detachedMonths(JdbcTemplate jdbc, String before) {
		return jdbc
			.queryForList("SELECT format('purge-retention detached %s month(s) (%s) and has not dropped them yet;"
					+ " run purge-retention again (it finishes them) before ' || ?, count(*), string_agg(leaf, ', '))"
					+ " FROM lifecycle_purge_detached HAVING count(*) > 0", String.class, before);
	}

}
