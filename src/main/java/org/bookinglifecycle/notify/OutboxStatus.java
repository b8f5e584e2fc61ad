package org.bookinglifecycle.notify;

import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox on the {@code status} dashboard: events not yet routed, deliveries pending,
 * failed and dead-lettered ({@code sql/jobs/notify/status.sql}).
 */
@Component
class OutboxStatus implements StatusContributor {

	@Override
	public List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact) {
		return jdbc.query(SqlFiles.load("notify", "status"), (rs, i) -> new StatusFigure("outbox",
				rs.getString("figure"), rs.getLong("row_count"), rs.getBoolean("estimated")), exact);
	}

}
