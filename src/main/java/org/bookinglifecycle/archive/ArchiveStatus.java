package org.bookinglifecycle.archive;

import java.util.List;

import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * archive-bookings on the {@code status} dashboard: bookings still active and rows in
 * history ({@code sql/jobs/archive-bookings/status.sql}).
 */
@Component
class ArchiveStatus implements StatusContributor {

	@Override
	public List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact) {
		return StatusContributor.fromSql(jdbc, ArchiveBookingsJobConfiguration.JOB, exact);
	}

}
