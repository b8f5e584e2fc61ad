package org.bookinglifecycle.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The online conversion of {@code audit_logs} (partition-audit-logs) and the jobs that
 * change or delete audit rows exclude each other: the conversion proves its copy by
 * comparing the two tables, so a job rewriting or purging audit rows meanwhile would make
 * the proof fail or, worse, pass on rows it changed. The purge and the jobs that write
 * booking_history's references to audit rows exclude each other too: a purge records the
 * referenced ids it removes, and a reference committed after that, to a row it removed,
 * would read as dangling.
 * <p>
 * Each exclusion is a {@link Resource} that its jobs claim, exclusive or shared, for the
 * whole of a real run ({@link #claims(String)}): the operations layer holds the claim as
 * a session advisory lock beside the job's own lock, so two runs started in the same
 * second cannot both pass. What a lock cannot see (a conversion left {@code copying} by a
 * stopped run, an execution left running by a process that is gone) the checks here tell,
 * each job calling them in its checks, which run once its locks are held (exit 2).
 */
public final class AuditRowsGuard {

	/**
	 * The jobs that change or delete audit rows (beyond dating them, which the
	 * conversion's mirror trigger carries over): anonymize-guests and erase-guest mask
	 * payloads, purge-retention deletes.
	 */
	public static final List<String> AUDIT_ROW_JOBS = Resource.AUDIT_ROWS.shared();

	/** The jobs that write booking_history's references to audit rows (audit_log_ids). */
	public static final List<String> REFERENCE_WRITERS = Resource.AUDIT_REFERENCES.shared();

	private AuditRowsGuard() {
	}

	/**
	 * What the jobs claim for a whole run: one job exclusive, the others shared (they may
	 * run together, never with the exclusive one). Declared here once; the lock taken for
	 * it is key {@link #key()} of the suite's class of advisory locks, a key no job name
	 * of the suite hashes to (a job's own lock is at {@code hashtext(name)}).
	 */
	public enum Resource {

		/** Audit rows as the conversion copies and proves them. */
		AUDIT_ROWS("audit-rows", 1, "partition-audit-logs",
				List.of("anonymize-guests", "erase-guest", "purge-retention"),
				"partition-audit-logs proves its copy of audit_logs by comparing the two tables, and"
						+ " anonymize-guests, erase-guest and purge-retention change or delete audit rows"),

		/** The audit ids booking_history references (audit_log_ids). */
		AUDIT_REFERENCES("audit-references", 2, "purge-retention",
				List.of("archive-bookings", "backfill-audit-log-ids"),
				"purge-retention records the audit ids booking_history references as it deletes them, and"
						+ " archive-bookings and backfill-audit-log-ids write those references");

		private final String label;

		private final int key;

		private final String exclusive;

		private final List<String> shared;

		private final String why;

		Resource(String label, int key, String exclusive, List<String> shared, String why) {
			this.label = label;
			this.key = key;
			this.exclusive = exclusive;
			this.shared = shared;
			this.why = why;
		}

		/**
		 * Its name, for messages.
		 * @return e.g. {@code audit-rows}
		 */
		public String label() {
			return this.label;
		}

		/**
		 * The second key of its advisory lock in the suite's lock class.
		 * @return the key
		 */
		public int key() {
			return this.key;
		}

		/**
		 * The job that claims it alone.
		 * @return the job name
		 */
		public String exclusive() {
			return this.exclusive;
		}

		/**
		 * The jobs that claim it together.
		 * @return the job names
		 */
		public List<String> shared() {
			return this.shared;
		}

		/**
		 * Every job that claims it.
		 * @return the job names, the exclusive one first
		 */
		public List<String> jobs() {
			return Stream.concat(Stream.of(this.exclusive), this.shared.stream()).toList();
		}

		/**
		 * Why its jobs exclude each other, for the message of a refused run.
		 * @return one sentence, no data
		 */
		public String why() {
			return this.why;
		}

	}

	/**
	 * One claim of a job.
	 *
	 * @param resource what it claims
	 * @param exclusive whether alone ({@code false}: shared)
	 */
	public record Claim(Resource resource, boolean exclusive) {

	}

	/**
	 * What a real run of a job claims, in the order to take it.
	 * @param job the job (or chain) name
	 * @return its claims, empty for a job that claims nothing
	 */
	public static List<Claim> claims(String job) {
		List<Claim> claims = new ArrayList<>();
		for (Resource resource : Resource.values()) {
			if (resource.exclusive().equals(job)) {
				claims.add(new Claim(resource, true));
			}
			else if (resource.shared().contains(job)) {
				claims.add(new Claim(resource, false));
			}
		}
		return List.copyOf(claims);
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
	 * Why a conversion of audit_logs may not start now: executions of jobs that change
	 * audit rows recorded as running. A live one holds its claim and is refused by the
	 * lock first; this finds the ones whose process is gone without a recovery (it may
	 * still be cut off, not dead) and the dry runs.
	 * @param jdbc the database
	 * @return the problems, naming each running execution
	 */
	public static List<String> runningAuditRowJobs(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT format('%s is running (execution %s, status %s; if its process is gone,"
				+ " `recover %s` marks it FAILED); it changes audit rows, so the conversion waits until it has"
				+ " ended', i.job_name, e.job_execution_id, e.status, e.job_execution_id)"
				+ " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
				+ " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') AND i.job_name = ANY (?)"
				+ " ORDER BY e.job_execution_id", String.class, (Object) AUDIT_ROW_JOBS.toArray(String[]::new));
	}

	/**
	 * Why a purge may not start now: executions of the jobs that write booking_history's
	 * references to audit rows ({@link #REFERENCE_WRITERS}) recorded as running. A live
	 * one holds its claim and is refused by the lock first; this finds the ones whose
	 * process is gone without a recovery and the dry runs.
	 * @param jdbc the database
	 * @return the problems, naming each running execution
	 */
	public static List<String> runningReferenceWriters(JdbcTemplate jdbc) {
		return jdbc
			.queryForList("SELECT format('%s is running (execution %s, status %s; if its process is gone, `recover %s`"
					+ " marks it FAILED); it writes audit_log_ids, so the purge waits until it has ended', i.job_name,"
					+ " e.job_execution_id, e.status, e.job_execution_id)"
					+ " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
					+ " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')"
					+ " AND i.job_name = ANY (?) ORDER BY e.job_execution_id", String.class,
					(Object) REFERENCE_WRITERS.toArray(String[]::new));
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
