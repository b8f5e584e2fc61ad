package org.bookinglifecycle.anonymize;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based opponent of anonymize-guests in {@code bench}: the job's chunk statement
 * over every due id at once, the chunk statement over every due history row at once (one
 * statement, one transaction), with the same rules, limit and asOf. Both sides start from
 * the template as the night leaves it before this job: archive-bookings (recent stays in
 * history, so only part of it is past the limit) and backfill-audit-log-ids (the trails
 * the GDPR_ANONYMIZE entries are appended to). Done is the history rows masked.
 */
@Component
class AnonymizeBaseline implements SetBasedBaseline {

	private final MaskingRules rules;

	AnonymizeBaseline(MaskingRules rules) {
		this.rules = rules;
	}

	@Override
	public String job() {
		return AnonymizeGuestsJobConfiguration.JOB;
	}

	/**
	 * The night's jobs before this one (named as strings: job packages never import each
	 * other).
	 */
	@Override
	public List<String> templateJobs() {
		return List.of("archive-bookings", "backfill-audit-log-ids");
	}

	@Override
	public long run(JdbcTemplate jdbc, LocalDate asOf) {
		LocalDate limit = asOf.minus(this.rules.after());
		// the job's own definitions: every due id at once (candidate-ids.sql, one page),
		// then the
		// job's chunk statement over all of them in one statement
		List<Long> due = jdbc.queryForList(SqlFiles.load(AnonymizeGuestsJobConfiguration.JOB, "candidate-ids"),
				Long.class, Date.valueOf(limit), 0L, Integer.MAX_VALUE);
		List<Object> parameters = new ArrayList<>();
		parameters.add(due.toArray(Long[]::new));
		parameters.addAll(List.of(ChunkMasking.nightly(this.rules, 0L, limit, asOf).parameters()));
		return jdbc
			.queryForList(SqlFiles.load(AnonymizeGuestsJobConfiguration.JOB, "anonymize-chunk"), String.class,
					parameters.toArray())
			.stream()
			.filter((label) -> label.startsWith("history rows "))
			.count();
	}

	/** The history rows the suite has masked, anonymized or pseudonymized. */
	@Override
	public long done(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE anonymization IS NOT NULL", Long.class);
	}

	/** The job's chunks are timed by its writer under the backfills' chunk timer. */
	@Override
	public String chunkTimer() {
		return LifecycleMetrics.BACKFILL_CHUNK;
	}

}
