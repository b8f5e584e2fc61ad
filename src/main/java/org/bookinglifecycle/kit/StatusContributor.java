package org.bookinglifecycle.kit;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job's lines on the {@code status} dashboard (and in the demo's before/after table):
 * declared as a bean in the job's package, found like jobs are; the CLI prints every
 * contributor's figures without knowing the job.
 */
public interface StatusContributor {

	/**
	 * The figures this job adds.
	 * @param jdbc the database
	 * @param exact exact counts ({@code status --exact}); otherwise catalog estimates
	 * where a figure would scan a whole table
	 * @return the figures, in display order
	 */
	List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact);

	/**
	 * The figures a job's {@code sql/jobs/<job>/status.sql} returns: one row per figure,
	 * columns {@code figure}, {@code row_count}, {@code estimated}, in display order,
	 * from {@code lifecycle_row_count}; {@code exact} is its one parameter.
	 * @param jdbc the database
	 * @param job the job, also the figures' section
	 * @param exact exact counts instead of estimates
	 * @return the figures
	 */
	static List<StatusFigure> fromSql(JdbcTemplate jdbc, String job, boolean exact) {
		return fromSql(jdbc, job, List.of(), exact);
	}

	/**
	 * The figures of a job's {@code status.sql} that takes the job's own settings first
	 * (a limit, say), then {@code exact}.
	 * @param jdbc the database
	 * @param job the job, also the figures' section
	 * @param settings the statement's parameters before {@code exact}
	 * @param exact exact counts instead of estimates
	 * @return the figures
	 */
	static List<StatusFigure> fromSql(JdbcTemplate jdbc, String job, List<Object> settings, boolean exact) {
		List<Object> parameters = new ArrayList<>(settings);
		parameters.add(exact);
		return jdbc.query(SqlFiles.load(job, "status"), (rs, i) -> new StatusFigure(job, rs.getString("figure"),
				rs.getLong("row_count"), rs.getBoolean("estimated")), parameters.toArray());
	}

	/**
	 * One figure of the dashboard.
	 *
	 * @param section what it belongs to: the job, e.g. {@code archive-bookings}
	 * @param name what it counts
	 * @param value the count
	 * @param estimated whether the count is an estimate (catalog or planner), not a count
	 */
	record StatusFigure(String section, String name, long value, boolean estimated) {

	}

}
