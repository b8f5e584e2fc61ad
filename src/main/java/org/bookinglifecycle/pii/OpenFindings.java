package org.bookinglifecycle.pii;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.bookinglifecycle.kit.StepCounters;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a chunk found, counted and, in a real run, made the open findings of the subjects
 * it scanned ({@code pii_open_findings}, replace-open-findings.sql): a finding stays open
 * until its rows are scanned clean, and a subject scanned twice (a restart, an account of
 * several stays) is counted once, since its findings are replaced, not added.
 */
final class OpenFindings {

	/** The prefix of the counters of what a step found, per table, column, path, kind. */
	static final String FOUND = "found ";

	/**
	 * The counter of finding rows a step scanned clean (open before, not found again).
	 */
	static final String CLEARED = "cleared";

	private OpenFindings() {
	}

	/**
	 * Count what a chunk found in the step's counters (saved with the chunk).
	 * @param counters the step's counters
	 * @param findings what the chunk found
	 */
	static void count(StepCounters counters, List<SubjectFinding> findings) {
		for (SubjectFinding found : findings) {
			counters.add(FOUND + found.finding().key(), found.finding().rows());
		}
	}

	/**
	 * Make what a chunk found the open findings of the subjects it scanned.
	 * @param jdbc the database, in the chunk's transaction
	 * @param subjectType {@code BOOKING} or {@code USER}
	 * @param scanned every subject the chunk scanned (those found clean too)
	 * @param findings what it found
	 * @param instance the job instance
	 * @param asOf the run's asOf
	 * @return the finding rows cleared
	 */
	static long replace(JdbcTemplate jdbc, String subjectType, Long[] scanned, List<SubjectFinding> findings,
			long instance, LocalDate asOf) {
		Map<String, Object> result = jdbc.queryForMap(PiiSql.load("replace-open-findings"),
				findings.stream().map(SubjectFinding::subjectId).toArray(Long[]::new),
				findings.stream().map((f) -> f.finding().table()).toArray(String[]::new),
				findings.stream().map((f) -> f.finding().column()).toArray(String[]::new),
				findings.stream().map((f) -> f.finding().jsonPath()).toArray(String[]::new),
				findings.stream().map((f) -> f.finding().kind()).toArray(String[]::new),
				findings.stream().map((f) -> f.finding().rows()).toArray(Long[]::new),
				findings.stream().map(SubjectFinding::allLogins).toArray(Boolean[]::new), subjectType, scanned,
				instance, Date.valueOf(asOf));
		return ((Number) result.get("cleared")).longValue();
	}

	/**
	 * The counters of what was found, as {@code key=rows} pairs.
	 * @param counters a step's counters (or several steps' added up)
	 * @return the found rows per table, column, path and kind
	 */
	static Map<String, Long> found(Map<String, Long> counters) {
		Map<String, Long> found = new TreeMap<>();
		counters.forEach((name, rows) -> {
			if (name.startsWith(FOUND) && rows > 0) {
				found.put(name.substring(FOUND.length()), rows);
			}
		});
		return found;
	}

	/**
	 * How found rows read in a line.
	 * @param found rows per key
	 * @return {@code key=rows; ...}, or {@code none}
	 */
	static String line(Map<String, Long> found) {
		return found.isEmpty() ? "none"
				: found.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining("; "));
	}

}
