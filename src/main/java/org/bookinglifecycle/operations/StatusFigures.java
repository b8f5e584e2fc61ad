package org.bookinglifecycle.operations;

import java.util.Comparator;
import java.util.List;

import org.bookinglifecycle.kit.StatusContributor.StatusFigure;
import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The figures of the {@code status} dashboard (and the demo's before/after table): every
 * job's {@link StatusContributor}, found as beans, so a job adds its lines without the
 * CLI knowing it, and the lines of a job this build lacks are absent.
 */
@Component
public class StatusFigures {

	private final ObjectProvider<StatusContributor> contributors;

	private final JdbcTemplate jdbc;

	StatusFigures(ObjectProvider<StatusContributor> contributors, JdbcTemplate jdbc) {
		this.contributors = contributors;
		this.jdbc = jdbc;
	}

	/**
	 * Every contributor's figures, by job, each job's in its own order.
	 * @param exact exact counts; otherwise estimates where a count would scan a table
	 * @return the figures
	 */
	public List<StatusFigure> figures(boolean exact) {
		return this.contributors.stream()
			.flatMap((contributor) -> contributor.figures(this.jdbc, exact).stream())
			.sorted(Comparator.comparing(StatusFigure::section))
			.toList();
	}

}
