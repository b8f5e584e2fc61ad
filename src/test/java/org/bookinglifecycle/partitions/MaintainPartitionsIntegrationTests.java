package org.bookinglifecycle.partitions;

import java.time.YearMonth;
import java.time.ZoneOffset;
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
		// further
		for (String tier : List.of("critical", "standard", "system")) {
			assertThat(before)
				.contains("audit_logs_" + tier + "_" + month(THIS_MONTH.plusMonths(4)) + " "
						+ THIS_MONTH.plusMonths(4).atDay(1) + " 00:00 " + THIS_MONTH.plusMonths(5).atDay(1) + " 00:00")
				.doesNotContain("audit_logs_" + tier + "_" + month(THIS_MONTH.plusMonths(5)) + " "
						+ THIS_MONTH.plusMonths(5).atDay(1) + " 00:00 " + THIS_MONTH.plusMonths(6).atDay(1) + " 00:00")
				.contains("audit_logs_" + tier + "_default DEFAULT ");
		}

		Cli.Result same = cli.run("run", "maintain-partitions");
		assertThat(same.exit()).as(same.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(same, "partitions created")).isZero();
		assertThat(leaves(jdbc, "audit_logs")).isEqualTo(before);

		Cli.Result further = cli.run("run", "maintain-partitions", "premake=6", "asOf=2030-01-01");
		assertThat(further.exit()).as(further.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(further, "partitions created")).isEqualTo(6);
		List<String> after = leaves(jdbc, "audit_logs");
		assertThat(after).hasSize(before.size() + 6)
			.contains("audit_logs_system_" + month(THIS_MONTH.plusMonths(6)) + " " + THIS_MONTH.plusMonths(6).atDay(1)
					+ " 00:00 " + THIS_MONTH.plusMonths(7).atDay(1) + " 00:00");

		Cli.Result again = cli.run("run", "maintain-partitions", "premake=6", "asOf=2030-01-02");
		assertThat(counted(again, "partitions created")).isZero();
		assertThat(leaves(jdbc, "audit_logs")).isEqualTo(after);

		Cli.Result status = cli.run("status");
		assertThat(status.out()).containsPattern("audit_logs critical: months premade ahead\\s+6\\b");
	}

	@Test
	void rowsInAMonthWithoutPartitionWaitInTheDefaultAndAreMovedIntoTheirMonth() throws Exception {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// the platform writes into months nobody made: 2099 and 9 months ahead; never
		// fails
		for (int day = 10; day < 13; day++) {
			jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED',"
					+ " 'PAYMENT', TIMESTAMPTZ '2099-03-" + day + " 12:00:00+00')");
		}
		// the last instant of February 2099 and the first of April: both sides of March
		jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '2099-02-28 23:59:59.999999+00'), ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '2099-04-01 00:00:00+00')");
		jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('BOOKING_UPDATED', 'BOOKING', ?)",
				java.sql.Timestamp.from(THIS_MONTH.plusMonths(9).atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant()));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isEqualTo(5);
		Cli.Result run = new Cli(database).runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace("rescue-batch: 10000", "rescue-batch: 1"), "run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(run, "rows rescued")).isEqualTo(6);
		assertThat(counted(run, "partitions created")).isEqualTo(4);
		assertThat(run.out()).contains("rows left in default partitions: 0");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209903", Long.class)).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209902", Long.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_209904", Long.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_standard_" + month(THIS_MONTH.plusMonths(9)),
				Long.class))
			.isEqualTo(1);
		assertThat(leaves(jdbc, "audit_logs")).contains("audit_logs_critical_209903 2099-03-01 00:00 2099-04-01 00:00");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isZero();
		// only the months with strays were made, not every month up to 2099
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_critical_209901') IS NULL", Boolean.class))
			.isTrue();
		Cli.Result status = new Cli(database).run("status", "--exact");
		assertThat(status.out()).containsPattern("audit_logs critical: rows in the default partition\\s+0");
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
		assertThat(results.stream().mapToLong((run) -> counted(run, "partitions created")).sum()).isEqualTo(18);
		assertThat(leaves(jdbc, "audit_logs")).hasSize(before + 18);
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
	void aRowFromLongAgoGetsItsOwnMonthAndOneAtInfinityStaysInTheDefault() {
		DatabaseTarget database = converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		int before = leaves(jdbc, "audit_logs").size();
		jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) VALUES ('PAYMENT_RECEIVED', 'PAYMENT',"
				+ " TIMESTAMPTZ '1970-01-15 00:00:00+00'), ('PAYMENT_RECEIVED', 'PAYMENT', '-infinity')");

		Cli.Result run = new Cli(database).run("run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(counted(run, "partitions created")).isEqualTo(1);
		assertThat(leaves(jdbc, "audit_logs")).hasSize(before + 1)
			.contains("audit_logs_critical_197001 1970-01-01 00:00 1970-02-01 00:00");
		assertThat(run.out()).contains("rows left in default partitions: 1");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_critical_default", Long.class)).isEqualTo(1);
	}

	private static String month(YearMonth month) {
		return month.toString().replace("-", "");
	}

}
