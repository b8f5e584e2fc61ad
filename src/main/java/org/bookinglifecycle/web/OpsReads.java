package org.bookinglifecycle.web;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the page reads straight from the database, each figure from one statement of
 * {@code sql/ops/web-*.sql}: the executions list, the running executions, the failures of
 * the last days, each job's nights, an execution's restart chain, verify-integrity's open
 * findings and coverage. Ids, counts and statuses only, never a guest's data. A figure
 * counted against today takes the day from its caller (the application's clock), never
 * the database's {@code current_date}.
 */
public class OpsReads {

	/** The most executions a page shows. */
	static final int MAX_PAGE_SIZE = 200;

	private final JdbcTemplate jdbc;

	OpsReads(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of executions, newest first.
	 * @param filter what to show
	 * @return the page
	 */
	ExecutionPage executions(ExecutionFilter filter) {
		long[] total = { 0 };
		List<ExecutionRow> rows = this.jdbc.query(SqlFiles.ops("executions"), (rs, i) -> {
			total[0] = rs.getLong("total");
			return new ExecutionRow(rs.getLong("job_execution_id"), rs.getString("job_name"), rs.getString("as_of"),
					"true".equals(rs.getString("dry_run")), rs.getString("status"), rs.getString("exit_code"),
					time(rs.getTimestamp("start_time")), time(rs.getTimestamp("end_time")), rs.getLong("read_count"),
					rs.getLong("write_count"));
		}, filter.job(), filter.job(), filter.status(), filter.status(), filter.from(), filter.from(), filter.to(),
				filter.to(), filter.size(), filter.page() * filter.size());
		return new ExecutionPage(rows, total[0], filter.page(), (total[0] + filter.size() - 1) / filter.size());
	}

	List<Map<String, Object>> running() {
		return this.jdbc.queryForList(SqlFiles.ops("web-running"));
	}

	/**
	 * The failed executions created on or after a day.
	 * @param first the first day
	 * @return how many
	 */
	long failedSince(LocalDate first) {
		Long failed = this.jdbc.queryForObject(SqlFiles.ops("web-failed-recent"), Long.class, first);
		return (failed != null) ? failed : 0;
	}

	/**
	 * Each job's nights of the last days.
	 * @param days how many nights, today included
	 * @param today the last night
	 * @return per job (by name) its figures
	 */
	Map<String, JobNights> nights(int days, LocalDate today) {
		Map<String, JobNights> jobs = new LinkedHashMap<>();
		LocalDate first = today.minusDays(days - 1L);
		this.jdbc.query(SqlFiles.ops("web-nights"), (rs) -> {
			JobNights job = jobs.computeIfAbsent(rs.getString("job_name"), (name) -> new JobNights(name, first, days));
			job.add(rs.getDate("night").toLocalDate(), rs.getLong("executions"), rs.getLong("failed"),
					rs.getDouble("seconds"), rs.getLong("rows_written"));
		}, first);
		return jobs;
	}

	List<Map<String, Object>> restartChain(long executionId) {
		return this.jdbc.queryForList(SqlFiles.ops("web-restart-chain"), executionId);
	}

	/**
	 * The legal holds in force.
	 * @param today the day they are in force on
	 * @return how many
	 */
	long activeLegalHolds(LocalDate today) {
		Long holds = this.jdbc.queryForObject(SqlFiles.ops("web-legal-holds"), Long.class, today);
		return (holds != null) ? holds : 0;
	}

	/**
	 * The open verify-integrity findings by kind: found and not yet verified clean,
	 * whatever the last night covered.
	 * @return per kind its count and whether it is a failure; none before the first night
	 */
	List<Map<String, Object>> integrityFindings() {
		return this.jdbc.queryForList(SqlFiles.ops("web-integrity-findings"));
	}

	/**
	 * Whether all of history was re-verified within N nights and since when the oldest
	 * row went unverified: verify-integrity's own statement (one definition with
	 * {@code status} and {@code show}), as the last completed night left it.
	 * @return the coverage, or {@code null} before the first completed night
	 */
	Map<String, Object> integrityCoverage() {
		List<Map<String, Object>> rows = this.jdbc.queryForList(SqlFiles.load("verify-integrity", "coverage"),
				(Object) null);
		return rows.isEmpty() ? null : rows.get(0);
	}

	static String time(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().withNano(0).toString().replace('T', ' ') : "-";
	}

	static String time(LocalDateTime time) {
		return (time != null) ? time.withNano(0).toString().replace('T', ' ') : "-";
	}

	/**
	 * The list's filter.
	 *
	 * @param job a job, or {@code null}
	 * @param status a status, or {@code null}
	 * @param from first day, or {@code null}
	 * @param to last day, or {@code null}
	 * @param page page number from 0
	 * @param size executions per page
	 */
	public record ExecutionFilter(String job, String status, LocalDate from, LocalDate to, int page, int size) {

	}

	/**
	 * One execution in the list.
	 *
	 * @param id execution id
	 * @param job job name
	 * @param asOf its business date
	 * @param dryRun whether a dry run
	 * @param status batch status
	 * @param exitCode exit code
	 * @param started start time
	 * @param ended end time
	 * @param read rows read
	 * @param written rows written
	 */
	public record ExecutionRow(long id, String job, String asOf, boolean dryRun, String status, String exitCode,
			String started, String ended, long read, long written) {

	}

	/**
	 * A page of executions.
	 *
	 * @param rows the executions
	 * @param total how many match the filter
	 * @param page this page, from 0
	 * @param pages how many pages
	 */
	public record ExecutionPage(List<ExecutionRow> rows, long total, int page, long pages) {

	}

	/**
	 * One job's nights over a window of days: executions, failures, seconds and rows per
	 * night (0 on a night it did not run).
	 */
	public static final class JobNights {

		private final String job;

		private final LocalDate first;

		private final double[] seconds;

		private final long[] rows;

		private long executions;

		private long failed;

		JobNights(String job, LocalDate first, int days) {
			this.job = job;
			this.first = first;
			this.seconds = new double[days];
			this.rows = new long[days];
		}

		void add(LocalDate night, long executions, long failed, double seconds, long rows) {
			int day = (int) (night.toEpochDay() - this.first.toEpochDay());
			if (day >= 0 && day < this.seconds.length) {
				this.seconds[day] += seconds;
				this.rows[day] += rows;
			}
			this.executions += executions;
			this.failed += failed;
		}

		public String job() {
			return this.job;
		}

		public LocalDate first() {
			return this.first;
		}

		public double[] seconds() {
			return this.seconds.clone();
		}

		public long[] rows() {
			return this.rows.clone();
		}

		public long executions() {
			return this.executions;
		}

		public long failed() {
			return this.failed;
		}

		public long totalRows() {
			long total = 0;
			for (long r : this.rows) {
				total += r;
			}
			return total;
		}

		public double totalSeconds() {
			double total = 0;
			for (double s : this.seconds) {
				total += s;
			}
			return total;
		}

		/** Rows written per second of run time, 0 without run time. */
		public double rowsPerSecond() {
			double seconds = totalSeconds();
			return (seconds > 0) ? totalRows() / seconds : 0;
		}

		/** Failed executions in percent of all. */
		public double errorRate() {
			return (this.executions > 0) ? 100.0 * this.failed / this.executions : 0;
		}

	}

}
