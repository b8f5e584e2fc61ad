package org.bookinglifecycle.backfill;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The backfills on the {@code status} dashboard: what each has still to fill, history
 * rows without audit ids or hash, audit rows without tier or expiry (each job's
 * {@code status.sql}).
 */
@Component
class BackfillStatus implements StatusContributor {

	@Override
	public List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact) {
		List<StatusFigure> figures = new ArrayList<>(
				StatusContributor.fromSql(jdbc, BackfillAuditLogIdsJobConfiguration.JOB, exact));
		figures.addAll(StatusContributor.fromSql(jdbc, BackfillRetentionJobConfiguration.JOB, exact));
		return figures;
	}

}
