package org.bookinglifecycle.archive;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.support.LifecycleMetrics;
import org.bookinglifecycle.support.SetBasedBaseline;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based opponent of archive-bookings in {@code bench}: the very statement a chunk
 * runs, given every candidate at once, so both sides do identical work and only the
 * chunking differs.
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
		List<Map<String, Object>> rows = jdbc.queryForList(everyCandidate(), this.rules.toJson(asOf), new Long[0], 0L,
				0L);
		return rows.stream().mapToLong((row) -> ((Number) row.get("archived")).longValue()).sum();
	}

	/**
	 * The chunk's statement with its id filter lifted: every booking a rule takes, at
	 * once.
	 */
	static String everyCandidate() {
		String chunk = SqlFiles.load(ArchiveBookingsJobConfiguration.JOB, "move-chunk-to-history");
		String filter = "b.id = ANY (p.ids)";
		if (!chunk.contains(filter)) {
			throw new IllegalStateException("move-chunk-to-history.sql no longer filters by " + filter);
		}
		return chunk.replace(filter, "TRUE");
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
