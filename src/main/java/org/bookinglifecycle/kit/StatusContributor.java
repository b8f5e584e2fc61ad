package org.bookinglifecycle.kit;

import java.util.List;

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
	 * One figure of the dashboard.
	 *
	 * @param section what it belongs to, e.g. {@code archive}
	 * @param name what it counts
	 * @param value the count
	 * @param estimated whether the count is a catalog estimate
	 */
	record StatusFigure(String section, String name, long value, boolean estimated) {

	}

}
