package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based opponent of purge-retention in {@code bench}:
 * {@code delete-all-expired.sql}, one statement and one transaction deleting every audit
 * row past its stored expiry (from the partitioned audit_logs, no partition dropped) and
 * every booking_history row past the history period, with the purged references and the
 * ledger the job writes. Both sides start from the same template: seeded, then
 * {@code backfill-retention} (tiers and expiries), {@code backfill-audit-log-ids} (the
 * history rows' audit trails) and {@code partition-audit-logs} (the two-level partitioned
 * table) run on it, so the job drops whole expired months where the statement deletes
 * their rows. The job's last step (pruning Spring Batch's history and the suite's tables)
 * finds next to nothing on a bench database and has no counterpart here. What counts as
 * done is the rows gone from audit_logs and booking_history, counted on the data (not the
 * ledger) the same way on both sides.
 */
@Component
class PurgeRetentionBaseline implements SetBasedBaseline {

	private final RetentionPeriods periods;

	PurgeRetentionBaseline(RetentionPeriods periods) {
		this.periods = periods;
	}

	@Override
	public String job() {
		return PurgeRetentionJobConfiguration.JOB;
	}

	/**
	 * Tiers and expiries filled, the legacy history rows' audit ids filled (so the purged
	 * references are real work on both sides), then audit_logs partitioned by tier and
	 * month (named as strings: job packages never import each other).
	 */
	@Override
	public List<String> templateJobs() {
		return List.of("backfill-retention", "backfill-audit-log-ids", "partition-audit-logs");
	}

	@Override
	public long run(JdbcTemplate jdbc, LocalDate asOf) {
		OffsetDateTime cutoff = PartitionDropTasklet.cutoff(asOf);
		Date day = Date.valueOf(asOf);
		Date historyCutoff = Date.valueOf(asOf.minusYears(this.periods.bookingHistory()));
		List<Map<String, Object>> rows = jdbc.queryForList(
				SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "delete-all-expired"), cutoff, day, day, cutoff, day,
				historyCutoff, day, day);
		return rows.stream().mapToLong((row) -> ((Number) row.get("deleted")).longValue()).sum();
	}

	/**
	 * The rows gone, as the negative of the rows left in audit_logs and booking_history:
	 * the bench takes the difference after minus before, which is the rows removed.
	 */
	@Override
	public long done(JdbcTemplate jdbc) {
		return -jdbc.queryForObject("SELECT (SELECT count(*) FROM audit_logs) + (SELECT count(*) FROM booking_history)",
				Long.class);
	}

	@Override
	public String chunkTimer() {
		return LifecycleMetrics.PURGE_CHUNK;
	}

}
