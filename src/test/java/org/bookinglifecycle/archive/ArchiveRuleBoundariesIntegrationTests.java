package org.bookinglifecycle.archive;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bookinglifecycle.archive.ArchiveFixtures.AS_OF;
import static org.bookinglifecycle.archive.ArchiveFixtures.count;
import static org.bookinglifecycle.archive.ArchiveFixtures.insertBooking;

/**
 * The default archive rules at their edges: for each rule a booking on the last day that
 * qualifies and one on the first day that does not, cancellations either side of midnight
 * UTC (some written in other offsets), and money in flight far past every limit. Seeded
 * random bookings never land on these days, so an off-by-one or a cancellation date taken
 * outside UTC would pass the other tests and fails here.
 */
class ArchiveRuleBoundariesIntegrationTests {

	private static final LocalDate AS_OF_DATE = LocalDate.parse(AS_OF);

	private static final Map<String, String> RULE_OF_REASON = Map.of("COMPLETED", "completed", "CANCELLED", "cancelled",
			"NO_SHOW", "no-show");

	/**
	 * The rows, with the archive reason each must get, or {@code null} for one that must
	 * stay. Cancellations: asOf - 7 is 2026-11-18, the last UTC day that qualifies; their
	 * check-out lies on the other side of the verdict, so only {@code cancelled_at} can
	 * decide.
	 */
	private static final List<Row> ROWS = List.of(
			// completed: 30 days after check-out
			new Row(101, "completed", "paid", AS_OF_DATE.minusDays(30), null, "COMPLETED"),
			new Row(102, "completed", "refunded", AS_OF_DATE.minusDays(30), null, "COMPLETED"),
			new Row(103, "completed", "paid", AS_OF_DATE.minusDays(29), null, null),
			new Row(104, "completed", "refunded", AS_OF_DATE.minusDays(29), null, null),
			// cancelled: 7 days after cancelled_at, the day taken in UTC
			new Row(201, "cancelled", "paid", AS_OF_DATE.plusDays(30), "2026-11-18 23:59:59.999999+00", "CANCELLED"),
			new Row(202, "cancelled", "refunded", AS_OF_DATE.minusDays(300), "2026-11-19 00:00:00+00", null),
			// 2026-11-18 23:00 UTC
			new Row(203, "cancelled", "partially_refunded", AS_OF_DATE.plusDays(30), "2026-11-19 01:00:00+02",
					"CANCELLED"),
			// 2026-11-19 01:00 UTC
			new Row(204, "cancelled", "paid", AS_OF_DATE.minusDays(300), "2026-11-18 20:00:00-05", null),
			// 2026-11-18 23:59:59 UTC
			new Row(205, "cancelled", "refunded", AS_OF_DATE.plusDays(30), "2026-11-19 08:59:59+09", "CANCELLED"),
			// no-show: 7 days after check-out
			new Row(301, "no_show", "paid", AS_OF_DATE.minusDays(7), null, "NO_SHOW"),
			new Row(302, "no_show", "partially_refunded", AS_OF_DATE.minusDays(6), null, null),
			new Row(303, "no_show", "refunded", AS_OF_DATE.minusDays(6), null, null),
			// money in flight, a year past every limit: never
			new Row(401, "completed", "pending", AS_OF_DATE.minusDays(365), null, null),
			new Row(402, "completed", "failed", AS_OF_DATE.minusDays(365), null, null),
			new Row(403, "cancelled", "pending", AS_OF_DATE.minusDays(365), "2025-11-25 12:00:00+00", null),
			new Row(404, "cancelled", "failed", AS_OF_DATE.minusDays(365), "2025-11-25 12:00:00+00", null),
			new Row(405, "no_show", "pending", AS_OF_DATE.minusDays(365), null, null),
			new Row(406, "no_show", "failed", AS_OF_DATE.minusDays(365), null, null));

	/**
	 * The job's connections take their session time zone from the JVM's, so a
	 * cancellation day taken in the session's zone instead of UTC shows up east (Berlin)
	 * and west (New York) of it.
	 */
	@ParameterizedTest(name = "job run in time zone {0}")
	@ValueSource(strings = { "UTC", "Europe/Berlin", "America/New_York" })
	void eachRuleTakesItsLastQualifyingDayButNotTheNextAndNeverMoneyInFlight(String zone) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		ROWS.forEach((row) -> insertBooking(jdbc, row.id(), row.bookingStatus(), row.paymentStatus(), row.checkOut(),
				row.cancelledAt()));
		Cli cli = new Cli(database);

		Cli.Result dryRun = inTimeZone(zone, database,
				() -> cli.run("run", "archive-bookings", "asOf=" + AS_OF, "--dry-run"));

		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		Map<String, Long> candidates = perRule(dryRun.out(), "candidates ([a-z-]+)=(\\d+)");
		assertThat(candidates).as(dryRun.toString()).isEqualTo(Map.of("completed", 2L, "cancelled", 3L, "no-show", 1L));
		assertThat(dryRun.out()).contains("dry run, nothing written");
		// The CLI prints the report's first 300 characters; the job repository keeps it
		// whole.
		assertThat(jdbc.queryForObject(
				"SELECT exit_message FROM batch_step_execution WHERE step_name = 'planArchiveStep'", String.class))
			.contains("held back completed: payment pending=1", "held back completed: payment failed=1",
					"held back cancelled: payment pending=1", "held back cancelled: payment failed=1",
					"held back no-show: payment pending=1", "held back no-show: payment failed=1");
		assertThat(count(jdbc, "SELECT count(*) FROM bookings")).isEqualTo(ROWS.size());
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history")).isZero();

		Cli.Result run = inTimeZone(zone, database, () -> cli.run("run", "archive-bookings", "asOf=" + AS_OF));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList("SELECT original_booking_id FROM booking_history ORDER BY 1", Long.class))
			.as("archived: the last day each rule takes")
			.containsExactlyElementsOf(ids(true));
		assertThat(jdbc.queryForList("SELECT id FROM bookings ORDER BY 1", Long.class))
			.as("left: the first day each rule does not take, and money in flight")
			.containsExactlyElementsOf(ids(false));
		Map<Long, String> reasons = new TreeMap<>();
		jdbc.query("SELECT original_booking_id, archive_reason FROM booking_history",
				(RowCallbackHandler) (rs) -> reasons.put(rs.getLong(1), rs.getString(2)));
		assertThat(reasons).isEqualTo(expectedReasons());
		Map<String, Long> moved = new TreeMap<>();
		reasons.values().forEach((reason) -> moved.merge(RULE_OF_REASON.get(reason), 1L, Long::sum));
		assertThat(moved).as("the dry run's candidates are what the run moved").isEqualTo(candidates);
		assertThat(run.out()).contains("archived cancelled=3 (skipped-locked 0) completed=2 (skipped-locked 0) "
				+ "no-show=1 (skipped-locked 0)");
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_skipped_rows")).as("no row left for bad data").isZero();
	}

	/**
	 * Run a command with this JVM's default time zone set to {@code zone}, then put the
	 * old one back. Checks that a new connection's session really is in that zone.
	 */
	private static Cli.Result inTimeZone(String zone, DatabaseTarget database, Supplier<Cli.Result> command) {
		TimeZone before = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
		try {
			assertThat(TestDatabase.jdbc(database).queryForObject("SHOW TimeZone", String.class)).isEqualTo(zone);
			return command.get();
		}
		finally {
			TimeZone.setDefault(before);
		}
	}

	private static Map<String, Long> perRule(String output, String regex) {
		Map<String, Long> counts = new TreeMap<>();
		Matcher matcher = Pattern.compile(regex).matcher(output);
		while (matcher.find()) {
			counts.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return counts;
	}

	private static List<Long> ids(boolean archived) {
		return ROWS.stream().filter((row) -> (row.archivedAs() != null) == archived).map(Row::id).sorted().toList();
	}

	private static Map<Long, String> expectedReasons() {
		Map<Long, String> reasons = new TreeMap<>();
		ROWS.stream()
			.filter((row) -> row.archivedAs() != null)
			.forEach((row) -> reasons.put(row.id(), row.archivedAs()));
		return reasons;
	}

	/**
	 * A booking on a chosen day and what the run must do with it.
	 *
	 * @param id booking id
	 * @param bookingStatus booking status
	 * @param paymentStatus payment status
	 * @param checkOut check-out date
	 * @param cancelledAt cancellation as a timestamptz literal with its offset, or
	 * {@code null}
	 * @param archivedAs the archive reason it must get, or {@code null} if it must stay
	 */
	private record Row(long id, String bookingStatus, String paymentStatus, LocalDate checkOut, String cancelledAt,
			String archivedAs) {

	}

}
