package org.bookinglifecycle.partitions;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class MaintainPartitionsIntegrationTests {

	private static final YearMonth THIS_MONTH = YearMonth.now(ZoneOffset.UTC);

	static DatabaseTarget converted(Class<?> owner) {
		DatabaseTarget database = PartitionAuditLogsIntegrationTests.seeded(owner, 200);
		Cli.Result run = new Cli(database).run("run", "partition-audit-logs");
		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		return database;
	}

	/** Every leaf with its bounds, as the catalog has them. */
	static List<String> leaves(JdbcTemplate jdbc, String root) {
		return jdbc.queryForList(
				"SELECT leaf::text || ' ' || COALESCE(to_char(range_from AT TIME ZONE 'UTC',"
						+ " 'YYYY-MM-DD HH24:MI'), 'DEFAULT') || ' ' || COALESCE(to_char(range_to AT TIME ZONE 'UTC',"
						+ " 'YYYY-MM-DD HH24:MI'), '') FROM lifecycle_partition_leaves(?::regclass) ORDER BY 1",
				String.class, root);
	}

	static long counted(Cli.Result run, String counter) {
		Matcher matcher = Pattern.compile(Pattern.quote(counter) + "=(\\d+)").matcher(run.out());
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	@Test
	void premakeFollowsTheCalendarAndASecondRunChangesNothing() {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		List<String> before = leaves(jdbc, "audit_logs");
		// the conversion premade 4 months ahead of this one for every tier, and no
		// further: a month each for standard and system, the quarter holding it for
		// critical (jobs/maintain-partitions.yml: widths)
		for (String tier : List.of("standard", "system")) {
			assertThat(before).contains(monthLeaf(tier, THIS_MONTH.plusMonths(4)))
				.doesNotContain(monthLeaf(tier, THIS_MONTH.plusMonths(5)))
				.contains("audit_logs_" + tier + "_default DEFAULT ");
		}
		YearMonth premadeQuarter = quarter(THIS_MONTH.plusMonths(4));
		assertThat(before).contains(quarterLeaf(premadeQuarter))
			.doesNotContain(quarterLeaf(premadeQuarter.plusMonths(3)))
			.contains("audit_logs_critical_default DEFAULT ");

		Cli.Result same = cli.run("run", "maintain-partitions");
		assertThat(same.exit()).as(same.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(same, "partitions created")).isZero();
		assertThat(leaves(jdbc, "audit_logs")).isEqualTo(before);

		Cli.Result further = cli.run("run", "maintain-partitions", "premake=6", "asOf=2030-01-01");
		assertThat(further.exit()).as(further.toString()).isEqualTo(ExitCodes.COMPLETED);
		// two months each for standard and system, and a quarter for critical if month 6
		// falls beyond the quarter premade
		int quarters = quarter(THIS_MONTH.plusMonths(6)).equals(premadeQuarter) ? 0 : 1;
		assertThat(counted(further, "partitions created")).isEqualTo(4 + quarters);
		List<String> after = leaves(jdbc, "audit_logs");
		assertThat(after).hasSize(before.size() + 4 + quarters)
			.contains(monthLeaf("system", THIS_MONTH.plusMonths(6)))
			.contains(quarterLeaf(quarter(THIS_MONTH.plusMonths(6))));

		Cli.Result again = cli.run("run", "maintain-partitions", "premake=6", "asOf=2030-01-02");
		assertThat(counted(again, "partitions created")).isZero();
		assertThat(leaves(jdbc, "audit_logs")).isEqualTo(after);

		// months covered after this one, whatever the partitions' widths: through the end
		// of the quarter holding month 6 for critical
		Cli.Result status = cli.run("status");
		assertThat(status.out()).containsPattern("audit_logs standard: months premade ahead\\s+6\\b")
			.containsPattern("audit_logs critical: months premade ahead\\s+"
					+ THIS_MONTH.until(quarter(THIS_MONTH.plusMonths(6)).plusMonths(2), ChronoUnit.MONTHS) + "\\b");
	}

	@Test
	void rowsInAMonthWithoutPartitionWaitInTheDefaultAndAreMovedIntoTheirPartition() throws Exception {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// the platform writes into months nobody made: 2099 and 9 months ahead; never
		// fails
		for (int day = 10; day < 13; day++) {
			jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED',"
					+ " 'PAYMENT', TIMESTAMPTZ '2099-03-" + day + " 12:00:00+00')");
		}
		// both sides of the first quarter of 2099 (critical is kept in quarters): the
		// last
		// instant of 2098, the last of March 2099 and the first of April
		jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '2098-12-31 23:59:59.999999+00'), ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '2099-03-31 23:59:59.999999+00'), ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '2099-04-01 00:00:00+00')");
		jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('BOOKING_UPDATED', 'BOOKING', ?)",
				java.sql.Timestamp.from(THIS_MONTH.plusMonths(9).atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant()));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isEqualTo(6);
		Cli.Result run = new Cli(database).runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace("rescue-batch: 10000", "rescue-batch: 1"), "run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(run, "rows rescued")).isEqualTo(7);
		assertThat(counted(run, "partitions created")).isEqualTo(4);
		assertThat(run.out()).contains("rows left in default partitions: 0");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209901_209903", Long.class))
			.isEqualTo(4);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209810_209812", Long.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209904_209906", Long.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_standard_" + month(THIS_MONTH.plusMonths(9)),
				Long.class))
			.isEqualTo(1);
		assertThat(leaves(jdbc, "audit_logs"))
			.contains("audit_logs_critical_209901_209903 2099-01-01 00:00 2099-04-01 00:00");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isZero();
		// only the quarters with strays were made, not every one up to 2099
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_partition_leaves('audit_logs')"
				+ " WHERE range_from >= TIMESTAMPTZ '2098-01-01 00:00:00+00'", Long.class))
			.isEqualTo(3);
		Cli.Result status = new Cli(database).run("status", "--exact");
		assertThat(status.out()).containsPattern("audit_logs critical: rows in the default partition\\s+0");
	}

	@Test
	void aConvertedDatabaseKeepsItsMonthsAndGetsTheNewWidthFromTheNextCut() {
		DatabaseTarget database = PartitionAuditLogsIntegrationTests.seeded(getClass(), 200);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// converted when every tier was kept in months
		Cli.Result monthly = new Cli(database).runWithJobFile("maintain-partitions.yml", (text) -> monthly(text), "run",
				"partition-audit-logs");
		assertThat(monthly.exit()).as(monthly.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<String> converted = leaves(jdbc, "audit_logs");
		assertThat(converted).contains(monthLeaf("critical", THIS_MONTH.plusMonths(4)));
		// the catalog reads bounds, not names: a month renamed to say 2099 is still the
		// month it covers, and is never made again
		jdbc.execute("ALTER TABLE audit_logs_critical_" + month(THIS_MONTH.plusMonths(1))
				+ " RENAME TO audit_logs_critical_209912");
		assertThat(leaves(jdbc, "audit_logs")).contains("audit_logs_critical_209912 "
				+ THIS_MONTH.plusMonths(1).atDay(1) + " 00:00 " + THIS_MONTH.plusMonths(2).atDay(1) + " 00:00");

		// now kept in quarters (the file as shipped), ten months ahead
		Cli.Result wider = new Cli(database).run("run", "maintain-partitions", "premake=10");

		assertThat(wider.exit()).as(wider.toString()).isEqualTo(ExitCodes.COMPLETED);
		// the months after the last monthly partition up to the next quarter's start,
		// then
		// quarters through the one holding month 10
		List<String> expected = new ArrayList<>();
		YearMonth next = THIS_MONTH.plusMonths(5);
		YearMonth cut = quarter(next).equals(next) ? next : quarter(next).plusMonths(3);
		if (!cut.equals(next)) {
			expected.add(leaf("critical", next, cut));
		}
		for (YearMonth q = cut; !q.isAfter(THIS_MONTH.plusMonths(10)); q = q.plusMonths(3)) {
			expected.add(quarterLeaf(q));
		}
		List<String> before = converted.stream()
			.filter((leaf) -> leaf.startsWith("audit_logs_critical_")
					&& !leaf.contains(month(THIS_MONTH.plusMonths(1))))
			.toList();
		List<String> critical = leaves(jdbc, "audit_logs").stream()
			.filter((leaf) -> leaf.startsWith("audit_logs_critical_"))
			.toList();
		// every monthly partition kept (the renamed one too), and nothing else made
		assertThat(critical).containsAll(before).containsAll(expected).hasSize(before.size() + 1 + expected.size());
		assertThat(counted(wider, "partitions created")).isEqualTo(expected.size() + 6 * 2);
		// rows on both sides of the last month and of the first new partition land in
		// them
		YearMonth lastMonthly = THIS_MONTH.plusMonths(4);
		assertThat(routed(jdbc, next.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000)))
			.isEqualTo("audit_logs_critical_" + month(lastMonthly));
		assertThat(routed(jdbc, next.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
			.isEqualTo(expected.get(0).substring(0, expected.get(0).indexOf(' ')));
		Cli.Result again = new Cli(database).run("run", "maintain-partitions", "premake=10", "asOf=2030-01-02");
		assertThat(counted(again, "partitions created")).isZero();
	}

	@Test
	void aTableParameterIsCheckedBeforeAnySqlRuns() {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long executions = jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);

		Cli.Result injection = cli.run("run", "maintain-partitions", "table=audit_logs; DROP TABLE bookings");
		Cli.Result unlisted = cli.run("run", "maintain-partitions", "table=bookings");

		assertThat(injection.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(injection.err()).contains("Parameter table=").contains("is not allowed");
		assertThat(unlisted.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unlisted.err()).contains("'bookings' is not one of partitions.tables");
		assertThat(jdbc.queryForObject("SELECT to_regclass('bookings') IS NOT NULL", Boolean.class)).isTrue();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isEqualTo(executions);
	}

	@Test
	void twoRunsAtOnceNeverBothMakeTheSameMonth() {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		int before = leaves(jdbc, "audit_logs").size();
		List<CompletableFuture<Cli.Result>> runs = new ArrayList<>();
		for (String asOf : List.of("2031-01-01", "2031-01-02")) {
			runs.add(CompletableFuture
				.supplyAsync(() -> new Cli(database).run("run", "maintain-partitions", "premake=10", "asOf=" + asOf)));
		}
		List<Cli.Result> results = runs.stream().map(CompletableFuture::join).toList();

		// each either did its work or was refused whole: one execution of a job at a time
		assertThat(results).allSatisfy((run) -> assertThat(
				run.exit() == ExitCodes.COMPLETED || run.err().contains("maintain-partitions is already running"))
			.as(run.toString())
			.isTrue());
		assertThat(results).anySatisfy((run) -> assertThat(run.exit()).isEqualTo(ExitCodes.COMPLETED));
		// six months each for standard and system, critical's quarters after the one
		// premade through the one holding month 10
		long quarters = quarter(THIS_MONTH.plusMonths(4)).until(quarter(THIS_MONTH.plusMonths(10)), ChronoUnit.MONTHS)
				/ 3;
		assertThat(results.stream().mapToLong((run) -> counted(run, "partitions created")).sum())
			.isEqualTo(12 + quarters);
		assertThat(leaves(jdbc, "audit_logs")).hasSize(before + 12 + (int) quarters);
	}

	@Test
	void aTableListedInTheSettingsIsMaintainedLikePgPartmanWouldWithPremakeFour() throws Exception {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// one level, by range: what pg_partman can do (see lab/peer)
		jdbc.execute("CREATE TABLE peer_events (id BIGSERIAL, created_at TIMESTAMPTZ NOT NULL, payload TEXT)"
				+ " PARTITION BY RANGE (created_at)");
		jdbc.execute("CREATE TABLE peer_events_default PARTITION OF peer_events DEFAULT");
		jdbc.update("INSERT INTO peer_events (created_at) VALUES (?), (?)",
				java.sql.Timestamp.from(THIS_MONTH.minusMonths(4).atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant()),
				java.sql.Timestamp.from(THIS_MONTH.atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant()));
		Cli.Result run = new Cli(database).runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace("    - audit_logs\n", "    - audit_logs\n    - peer_events\n"), "run",
				"maintain-partitions", "table=peer_events");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<String> expected = new ArrayList<>();
		expected.add("peer_events_default DEFAULT ");
		for (int i = -4; i <= 4; i++) {
			YearMonth month = THIS_MONTH.plusMonths(i);
			expected.add("peer_events_" + month(month) + " " + month.atDay(1) + " 00:00 " + month.plusMonths(1).atDay(1)
					+ " 00:00");
		}
		assertThat(leaves(jdbc, "peer_events")).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM peer_events_default", Long.class)).isZero();
	}

	@Test
	void aTableItCannotKeepInMonthsIsRefusedBeforeAnyWork() throws Exception {
		DatabaseTarget database = PartitionAuditLogsIntegrationTests.seeded(getClass(), 10);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.execute("CREATE TABLE odd_events (day DATE NOT NULL) PARTITION BY RANGE (day)");
		Cli.Result run = new Cli(
				database)
			.runWithJobFile("maintain-partitions.yml", (text) -> text.replace("    - audit_logs\n",
					"    - audit_logs\n    - odd_events\n    - no_such_table\n"), "run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(run.err()).contains("odd_events is partitioned by range on day (date)")
			.contains("table 'no_such_table' (partitions.tables) does not exist");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isZero();
	}

	@Test
	void aRowFromLongAgoGetsItsOwnQuarterAndOneAtInfinityStaysInTheDefault() {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		int before = leaves(jdbc, "audit_logs").size();
		jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '1970-01-15 00:00:00+00'), ('PAYMENT_RECEIVED', 'PAYMENT', '-infinity')");

		Cli.Result run = new Cli(database).run("run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(run, "partitions created")).isEqualTo(1);
		assertThat(leaves(jdbc, "audit_logs")).hasSize(before + 1)
			.contains("audit_logs_critical_197001_197003 1970-01-01 00:00 1970-04-01 00:00");
		assertThat(run.out()).contains("rows left in default partitions: 1");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isEqualTo(1);
	}

	static String month(YearMonth month) {
		return month.toString().replace("-", "");
	}

	/** The first month of the calendar quarter holding a month. */
	static YearMonth quarter(YearMonth month) {
		return month.minusMonths((month.getMonthValue() - 1) % 3);
	}

	/** A tier's month as {@link #leaves} prints it. */
	static String monthLeaf(String tier, YearMonth month) {
		return leaf(tier, month, month.plusMonths(1));
	}

	/** critical's quarter starting at a month as {@link #leaves} prints it. */
	static String quarterLeaf(YearMonth first) {
		return leaf("critical", first, first.plusMonths(3));
	}

	/**
	 * A tier's partition from a month to another (excluded) as {@link #leaves} prints it.
	 */
	static String leaf(String tier, YearMonth first, YearMonth end) {
		String name = (first.plusMonths(1).equals(end)) ? month(first) : month(first) + "_" + month(end.minusMonths(1));
		return "audit_logs_" + tier + "_" + name + " " + first.atDay(1) + " 00:00 " + end.atDay(1) + " 00:00";
	}

	/** The job file with every parent kept in months. */
	static String monthly(String text) {
		String widths = "  widths:\n    - parent: audit_logs_critical\n      months: 3\n";
		assertThat(text).contains(widths);
		return text.replace(widths, "");
	}

	/** The leaf a critical row dated at an instant lands in. */
	private static String routed(JdbcTemplate jdbc, java.time.Instant at) {
		return jdbc.queryForObject("WITH r AS (INSERT INTO audit_logs (action, resource_type, created_at) VALUES"
				+ " ('PAYMENT_RECEIVED', 'PAYMENT', ?) RETURNING tableoid) SELECT tableoid::regclass::text FROM r",
				String.class, java.sql.Timestamp.from(at));
	}

}
