package org.bookinglifecycle.archive;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based opponent of archive-bookings in {@code bench}:
 * {@code move-all-to-history.sql}, one statement of data-modifying CTEs that does what a
 * chunk's five statements do (lock, history rows with trail and hash, archive entries,
 * outbox events, delete) for every candidate at once, so both sides do identical work.
 */
@Component
class ArchiveBaseline implements SetBasedBaseline {

	private final ArchiveRules rules;

	ArchiveBaseline(ArchiveRules rules) {
		this.rules = rules;
	}

	@Override
	public String job() {
		return ArchiveBookingsJobConfiguration.JOB;
	}

	@Override
	public long run(JdbcTemplate jdbc, LocalDate asOf) {
		List<Map<String, Object>> rows = jdbc.queryForList(
				SqlFiles.load(ArchiveBookingsJobConfiguration.JOB, "move-all-to-history"), this.rules.toJson(asOf));
		return rows.stream().mapToLong((row) -> ((Number) row.get("archived")).longValue()).sum();
	}

	@Override
	public String chunkTimer() {
		return LifecycleMetrics.ARCHIVE_CHUNK;
	}

	@Override
	public long done(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'BOOKING_ARCHIVED'", Long.class);
	}

}
