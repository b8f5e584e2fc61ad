package org.bookinglifecycle.archive;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * archive-bookings on the {@code status} dashboard (and the web page's system health):
 * bookings still active, rows in history ({@code sql/jobs/archive-bookings/status.sql}),
 * and the bookings the rules of {@code jobs/archive-bookings.yml} would take today,
 * counted as a dry run counts them ({@code plan-by-rule.sql}, nothing recorded).
 */
@Component
class ArchiveStatus implements StatusContributor {

	/** The figure of what a run today would move. */
	static final String PENDING = "pending archive (the rules as of today)";

	private final ArchiveRules rules;

	private final Clock clock;

	ArchiveStatus(ArchiveRules rules, Clock clock) {
		this.rules = rules;
		this.clock = clock;
	}

	@Override
	public List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact) {
		List<StatusFigure> figures = new ArrayList<>(
				StatusContributor.fromSql(jdbc, ArchiveBookingsJobConfiguration.JOB, exact));
		// exact whatever the flag: the rules' due bookings are read through their index
		Long pending = jdbc.query(SqlFiles.load(ArchiveBookingsJobConfiguration.JOB, "plan-by-rule"), (rs) -> {
			long candidates = 0;
			while (rs.next()) {
				if ("candidates".equals(rs.getString("kind"))) {
					candidates += rs.getLong("rows");
				}
			}
			return candidates;
		}, this.rules.toJson(LocalDate.now(this.clock)), null, false);
		figures.add(
				new StatusFigure(ArchiveBookingsJobConfiguration.JOB, PENDING, (pending != null) ? pending : 0, false));
		return figures;
	}

}
