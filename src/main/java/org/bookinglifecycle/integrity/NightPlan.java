package org.bookinglifecycle.integrity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one night verifies ({@code plan-night.sql}): all of history (full), or the rows
 * written since the last verified point, the open findings and tonight's window of ids. A
 * real run records it in {@code integrity_nights} with its first step and every later
 * step, restarts included, reads it back from there; a dry run, which writes nothing,
 * plans again where it needs it.
 *
 * @param full whether all of history is verified
 * @param reason why this mode
 * @param boundaryXid the night's boundary (xid8 as text): the next night's point
 * @param sinceXid the point the night starts from ({@code null} when full)
 * @param untilXid the end of the night's transaction range
 * @param sweepStartedOn asOf of the sweep's first night
 * @param historyAfter the history window starts after this id ({@code null}: the first)
 * @param historyThrough the history window ends with this id ({@code null}: the last)
 * @param auditAfter the audit id window starts after this id
 * @param auditThrough the audit id window ends with this id
 * @param auditNewAfter audit ids above this one are new ({@code null}: every id)
 * @param auditMaxId the largest audit id when the night planned
 */
record NightPlan(boolean full, String reason, String boundaryXid, String sinceXid, String untilXid,
		LocalDate sweepStartedOn, Long historyAfter, Long historyThrough, Long auditAfter, Long auditThrough,
		Long auditNewAfter, Long auditMaxId) {

	/**
	 * The plan of a run: as its first step recorded it (a real run), or made now (a dry
	 * run).
	 * @param jdbc the database
	 * @param run the step's run
	 * @param settings the job's settings
	 * @return the plan
	 * @throws IllegalStateException when a real run has no recorded plan
	 */
	static NightPlan of(JdbcTemplate jdbc, StepRun run, IntegritySettings settings) {
		if (run.parameters().dryRun()) {
			return make(jdbc, run, settings);
		}
		List<NightPlan> recorded = jdbc
			.query("SELECT mode = 'full' AS full_night, reason, boundary_xid::TEXT AS boundary_xid,"
					+ " since_xid::TEXT AS since_xid, until_xid::TEXT AS until_xid, sweep_started_on,"
					+ " history_after, history_through, audit_after, audit_through, audit_new_after, audit_max_id"
					+ " FROM integrity_nights WHERE job_instance_id = ?", (rs, i) -> read(rs), run.jobInstanceId());
		if (recorded.isEmpty()) {
			throw new IllegalStateException("verify-integrity: job instance " + run.jobInstanceId()
					+ " has no plan in integrity_nights; its first step records it");
		}
		return recorded.get(0);
	}

	/**
	 * Plan a night now.
	 * @param jdbc the database
	 * @param run the step's run
	 * @param settings the job's settings
	 * @return the plan
	 */
	static NightPlan make(JdbcTemplate jdbc, StepRun run, IntegritySettings settings) {
		return jdbc.queryForObject(SqlFiles.load(VerifyIntegrityJobConfiguration.JOB, "plan-night"),
				(rs, i) -> read(rs), run.parameters().asOf(), settings.withinNights(),
				"full".equals(run.parameters().text(VerifyIntegrityJobConfiguration.MODE)));
	}

	private static NightPlan read(ResultSet rs) throws SQLException {
		boolean full = hasColumn(rs, "full_night") ? rs.getBoolean("full_night") : "full".equals(rs.getString("mode"));
		return new NightPlan(full, rs.getString("reason"), rs.getString("boundary_xid"), rs.getString("since_xid"),
				rs.getString("until_xid"), rs.getObject("sweep_started_on", LocalDate.class),
				rs.getObject("history_after", Long.class), rs.getObject("history_through", Long.class),
				rs.getObject("audit_after", Long.class), rs.getObject("audit_through", Long.class),
				rs.getObject("audit_new_after", Long.class), rs.getObject("audit_max_id", Long.class));
	}

	private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
		for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
			if (rs.getMetaData().getColumnLabel(i).equals(column)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The parameters of {@code night-rows.sql} before its keyset: since, until, window.
	 * @return the parameters
	 */
	Object[] nightRowsParameters() {
		return new Object[] { Long.parseLong(this.sinceXid), Long.parseLong(this.untilXid),
				(this.historyAfter != null) ? this.historyAfter : Long.MIN_VALUE,
				(this.historyThrough != null) ? this.historyThrough : Long.MAX_VALUE };
	}

	/**
	 * One line saying what the night covers.
	 * @return the line
	 */
	String describe() {
		if (this.full) {
			return "full: all of history (" + this.reason + ")";
		}
		return "incremental: rows written since the last verified point, open findings, history ids "
				+ range(this.historyAfter, this.historyThrough) + "; audit ids "
				+ range(this.auditAfter, this.auditThrough) + " and above "
				+ ((this.auditNewAfter != null) ? this.auditNewAfter : "none") + " (sweep started "
				+ this.sweepStartedOn + ")";
	}

	static String range(Long after, Long through) {
		return ((after != null) ? "after " + after : "from the first") + " "
				+ ((through != null) ? "through " + through : "to the last");
	}

}
