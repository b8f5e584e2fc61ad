package org.bookinglifecycle.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StatusContributor;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * verify-integrity's lines on the {@code status} dashboard (and the web page's compliance
 * panel): the open findings (found and not yet verified clean, whatever the last night's
 * window), failures apart; whether all of history was re-verified within N nights; and
 * how many nights before the last night the oldest row was last verified, that night's
 * date in the figure's name. Always exact: an index of the open findings and the nights'
 * ledger.
 */
class IntegrityStatus implements StatusContributor {

	private static final String JOB = VerifyIntegrityJobConfiguration.JOB;

	@Override
	public List<StatusFigure> figures(JdbcTemplate jdbc, boolean exact) {
		long[] open = { 0, 0 };
		for (Map<String, Object> kind : jdbc.queryForList(SqlFiles.load(JOB, "open-findings"))) {
			open[Boolean.TRUE.equals(kind.get("failure")) ? 0 : 1] += ((Number) kind.get("findings")).longValue();
		}
		List<StatusFigure> figures = new ArrayList<>();
		figures.add(new StatusFigure(JOB, "open integrity failures (hash_mismatch, audit_id_dangling,"
				+ " audit_id_duplicate; until verified clean)", open[0], false));
		figures.add(new StatusFigure(JOB, "open findings reported (hash_missing, audit_id_purged, audit_trail_empty)",
				open[1], false));
		Coverage.of(jdbc, null).ifPresent((coverage) -> {
			figures.add(new StatusFigure(JOB,
					"all of history re-verified within " + coverage.withinNights() + " nights (1 yes, 0 no)",
					coverage.within() ? 1 : 0, false));
			figures.add(new StatusFigure(JOB,
					"nights the oldest row went unverified (since the night of "
							+ ((coverage.oldestVerifiedOn() != null) ? coverage.oldestVerifiedOn() : "none") + ", to "
							+ coverage.lastNight() + ")",
					coverage.nightsUnverified(), false));
		});
		return figures;
	}

}
