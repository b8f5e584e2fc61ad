package org.bookinglifecycle.partitions;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PartitionAuditLogsIntegrationTests {

	/**
	 * The tier of each seeded action, written out independently of audit_retention_tier.
	 */
	static final String EXPECTED_TIER = """
			CASE WHEN action IN ('PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'REFUND_ISSUED', 'BOOKING_CANCELLED',
			  'GDPR_EXPORT') THEN 'critical'
			  WHEN action IN ('USER_LOGIN', 'CHANNEL_SYNC', 'HEALTH_CHECK') THEN 'system'
			  ELSE 'standard' END""";

	static DatabaseTarget seeded(Class<?> owner, int bookings) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(bookings, 8, 9, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		return database;
	}

	/** Rows per tier and UTC month, independently of the partitions. */
	static List<String> perTierAndMonth(JdbcTemplate jdbc, String table) {
		return jdbc.queryForList("SELECT tier || ' ' || month || ' ' || count(*) || ' ' || sum(id) FROM (SELECT "
				+ EXPECTED_TIER + " AS tier, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, id FROM "
				+ table + ") r GROUP BY tier, month ORDER BY tier, month", String.class);
	}

	@Test
	void convertsALiveTableWithoutLosingOrDuplicatingARowWhileThePlatformInserts() throws Exception {
		DatabaseTarget database = seeded(getClass(), 2000);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long before = jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class);
		Cli cli = new Cli(database);
		// the periods in the database (migrate copies them), so the trigger dates rows
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);

		// the platform: plain single-row INSERTs, no tier given, throughout; and, as the
		// suite's own jobs would, UPDATEs and DELETEs of rows the copy is taking, each
		// noted (in the same transaction) in a table of the test's own
		jdbc.execute("CREATE TABLE test_changes (id BIGINT PRIMARY KEY, metadata JSONB, deleted BOOLEAN NOT NULL)");
		long minId = jdbc.queryForObject("SELECT min(id) FROM audit_logs", Long.class);
		long span = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class) - minId + 1;
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong inserted = new AtomicLong();
		AtomicLong deleted = new AtomicLong();
		AtomicLong longestWaitMs = new AtomicLong();
		Thread platform = new Thread(() -> {
			JdbcTemplate platformJdbc = TestDatabase.jdbc(database);
			TransactionTemplate transaction = new TransactionTemplate(
					new DataSourceTransactionManager(platformJdbc.getDataSource()));
			String[] actions = { "PAYMENT_RECEIVED", "BOOKING_UPDATED", "USER_LOGIN" };
			for (int i = 0; running.get(); i++) {
				long started = System.nanoTime();
				long target = minId + (i * 7919L) % span;
				int n = i;
				if (i % 10 == 3) {
					transaction.executeWithoutResult((status) -> {
						if (platformJdbc.update(
								"UPDATE audit_logs SET metadata = jsonb_build_object('n', ?) WHERE id = ?", n,
								target) == 1) {
							platformJdbc.update(
									"INSERT INTO test_changes VALUES (?, jsonb_build_object('n', ?), FALSE)"
											+ " ON CONFLICT (id) DO UPDATE SET metadata = EXCLUDED.metadata",
									target, n);
						}
					});
				}
				else if (i % 10 == 7) {
					transaction.executeWithoutResult((status) -> {
						// deletes only until the swap: after it the proof compares the
						// two tables
						// as the swap left them (the platform never deletes audit rows;
						// the purge
						// and the erasure refuse to run until the conversion is
						// verified). The
						// table's lock first, as the DELETE takes it: a swap that
						// committed
						// meanwhile is seen below, one that waits waits for this
						// transaction.
						platformJdbc.execute("LOCK TABLE audit_logs IN ROW EXCLUSIVE MODE");
						if (platformJdbc
							.queryForObject("SELECT NOT EXISTS (SELECT 1 FROM lifecycle_partition_conversions"
									+ " WHERE state <> 'copying')", Boolean.class)
								&& platformJdbc.update("DELETE FROM audit_logs WHERE id = ?", target) == 1) {
							platformJdbc.update("INSERT INTO test_changes VALUES (?, NULL, TRUE)"
									+ " ON CONFLICT (id) DO UPDATE SET deleted = TRUE", target);
							deleted.incrementAndGet();
						}
					});
				}
				else {
					platformJdbc.update(
							"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, created_at)"
									+ " VALUES (424242, ?, 'BOOKING', ?, now() - make_interval(days => ?))",
							actions[i % 3], i, i % 40);
					inserted.incrementAndGet();
				}
				longestWaitMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
			}
		});
		platform.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> inserted.get() > 20);
		Cli.Result run;
		try {
			run = cli.run("run", "partition-audit-logs", "gridSize=2", "chunkSize=500");
			long afterSwap = inserted.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> inserted.get() > afterSwap + 20);
		}
		finally {
			running.set(false);
			platform.join();
		}

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(relkind(jdbc, "audit_logs")).isEqualTo("p");
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_legacy') IS NULL", Boolean.class)).isTrue();
		assertThat(deleted.get()).as("the platform deleted rows during the run").isPositive();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class))
			.isEqualTo(before + inserted.get() - deleted.get());
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT id) FROM audit_logs", Long.class))
			.isEqualTo(before + inserted.get() - deleted.get());
		// every update kept, every delete kept deleted
		assertThat(jdbc.queryForObject("SELECT count(*) FROM test_changes c WHERE c.deleted AND EXISTS"
				+ " (SELECT 1 FROM audit_logs a WHERE a.id = c.id)", Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM test_changes c WHERE NOT c.deleted AND NOT EXISTS"
				+ " (SELECT 1 FROM audit_logs a WHERE a.id = c.id AND a.metadata = c.metadata)", Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM test_changes WHERE NOT deleted", Long.class)).isPositive();
		// every row in its tier's partition, by the mapping written out here
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE tableoid::regclass::text NOT LIKE"
				+ " 'audit_logs\\_' || (" + EXPECTED_TIER + ") || '\\_%'", Long.class))
			.isZero();
		// and in a partition of its range, not a default (the conversion made every month
		// the data has)
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE tableoid::regclass::text LIKE '%\\_default'", Long.class))
			.isZero();
		// the platform's rows were dated by the trigger on the partitioned table
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE user_id = 424242"
				+ " AND (retention_tier IS NULL OR data_retention_expires_at IS NULL)", Long.class))
			.isZero();
		// the sequence belongs to the new table; its index and the resource index carried
		// over
		assertThat(jdbc.queryForObject("SELECT pg_get_serial_sequence('audit_logs', 'id')", String.class))
			.isEqualTo("public.audit_logs_id_seq");
		assertThat(jdbc.queryForList("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid ="
				+ " 'audit_logs'::regclass ORDER BY 1", String.class))
			.contains("idx_audit_logs_resource", "idx_audit_logs_to_date", "idx_audit_logs_created_at");
		assertThat(jdbc.queryForObject("SELECT state FROM lifecycle_partition_conversions", String.class))
			.isEqualTo("done");
		System.out.println("platform statements during the conversion: " + inserted.get() + " inserts, " + deleted.get()
				+ " deletes, longest wait " + longestWaitMs.get() + " ms");

		// a second conversion is refused before any work
		Cli.Result again = cli.run("run", "partition-audit-logs", "asOf=2030-01-01");
		assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(again.err()).contains("audit_logs is already partitioned");
	}

	@Test
	void theMonthsPastATiersPeriodGoIntoOnePartitionThatTheNextPurgeDropsWhole() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		OffsetDateTime midnight = today.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
		// per tier (7, 3, 1 years): a row far past, one a second either side of its
		// expiry
		// as of today's start, and a young one
		Object[][] rows = { { "PAYMENT_RECEIVED", midnight.minusYears(8), false },
				{ "PAYMENT_RECEIVED", midnight.minusYears(7).minusSeconds(1), false },
				{ "PAYMENT_RECEIVED", midnight.minusYears(7).plusSeconds(1), true },
				{ "PAYMENT_RECEIVED", midnight.minusDays(1), true },
				{ "BOOKING_UPDATED", midnight.minusYears(5), false },
				{ "BOOKING_UPDATED", midnight.minusYears(3).minusSeconds(1), false },
				{ "BOOKING_UPDATED", midnight.minusYears(3).plusSeconds(1), true },
				{ "USER_LOGIN", midnight.minusYears(1).minusSeconds(1), false },
				{ "USER_LOGIN", midnight.minusYears(1).plusSeconds(1), true },
				{ "USER_LOGIN", midnight.minusDays(1), true } };
		for (Object[] row : rows) {
			jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES (?, 'BOOKING',"
					+ " 1, ?)", row[0], row[1]);
		}
		Cli.Result plan = cli.run("run", "partition-audit-logs", "--dry-run");

		Cli.Result run = cli.run("run", "partition-audit-logs", "keepLegacy=0s");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		// per tier, one partition today's purge drops whole (its upper bound plus the
		// period
		// at or before today's start), from the oldest row's month; every other one it
		// keeps
		String droppable = """
				SELECT l.tier || ' ' || to_char(l.range_from AT TIME ZONE 'UTC', 'YYYY-MM') FROM lifecycle_partition_leaves('audit_logs') l
				WHERE NOT l.is_default AND l.range_to + make_interval(years => CASE l.tier WHEN 'critical' THEN 7
				  WHEN 'standard' THEN 3 ELSE 1 END) <= CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC'
				ORDER BY 1""";
		String oldest = midnight.minusYears(8).toString().substring(0, 7);
		assertThat(jdbc.queryForList(droppable, String.class, java.sql.Date.valueOf(today)))
			.containsExactly("critical " + oldest, "standard " + oldest, "system " + oldest);
		// and the tier's other partitions start where that one ends: months from the one
		// holding today minus the period (quarters for critical) through premake
		for (String tier : List.of("standard", "system")) {
			int years = "standard".equals(tier) ? 3 : 1;
			long live = YearMonth.from(today.minusYears(years))
				.until(YearMonth.from(today).plusMonths(5), ChronoUnit.MONTHS);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_partition_leaves('audit_logs')"
					+ " WHERE tier = ? AND NOT is_default", Long.class, tier))
				.isEqualTo(1 + live);
		}
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE tableoid::regclass::text LIKE" + " '%\\_default'", Long.class))
			.isZero();
		// the dry run said how many partitions, and what a read of every leaf would lock
		long leaves = jdbc.queryForObject("SELECT count(*) FROM pg_partition_tree('audit_logs') WHERE isleaf",
				Long.class);
		assertThat(plan.out()).contains("dry run, nothing written: create " + leaves + " partitions (");
		assertThat(plan.out()).contains("then a statement reading every leaf locks "
				+ jdbc.queryForObject("SELECT relations FROM lifecycle_partition_locks('audit_logs')", Long.class)
				+ " relations");

		Cli.Result purge = cli.run("run", "purge-retention", "asOf=" + today);

		assertThat(purge.exit()).as(purge.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(purge.out()).contains("partitions dropped=3");
		for (Object[] row : rows) {
			assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = ? AND created_at = ?",
					Long.class, row[0], row[1]))
				.as(row[0] + " " + row[1])
				.isEqualTo(((Boolean) row[2]) ? 1 : 0);
		}
	}

	@Test
	void aDryRunPlansAndWritesNothing() {
		DatabaseTarget database = seeded(getClass(), 300);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long rows = jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class);

		Cli.Result dryRun = new Cli(database).run("run", "partition-audit-logs", "--dry-run");

		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(dryRun.out()).contains("dry run, nothing written: create ").contains("estimated copy: about");
		long critical = jdbc
			.queryForObject("SELECT count(*) FROM audit_logs WHERE (" + EXPECTED_TIER + ") = 'critical'", Long.class);
		assertThat(dryRun.out()).contains("critical=" + critical + " ");
		assertThat(relkind(jdbc, "audit_logs")).isEqualTo("r");
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_new') IS NULL", Boolean.class)).isTrue();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_partition_conversions", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class)).isEqualTo(rows);
	}

	@Test
	void aKeptLegacyTableIsDroppedByMaintenanceOnceItsTimeHasCome() {
		DatabaseTarget database = seeded(getClass(), 300);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<String> expected = perTierAndMonth(jdbc, "audit_logs");
		Cli cli = new Cli(database);

		Cli.Result run = cli.run("run", "partition-audit-logs", "keepLegacy=1h");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(perTierAndMonth(jdbc, "audit_logs")).isEqualTo(expected);
		assertThat(perTierAndMonth(jdbc, "audit_logs_legacy")).isEqualTo(expected);
		assertThat(jdbc.queryForObject("SELECT state FROM lifecycle_partition_conversions", String.class))
			.isEqualTo("verified");

		Cli.Result early = cli.run("run", "maintain-partitions");
		assertThat(early.exit()).as(early.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_legacy') IS NOT NULL", Boolean.class)).isTrue();

		jdbc.update("UPDATE lifecycle_partition_conversions SET keep_legacy_until = now() - INTERVAL '1 second'");
		Cli.Result due = cli.run("run", "maintain-partitions", "asOf=2030-01-02");
		assertThat(due.exit()).as(due.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(due.out()).contains("legacy tables dropped=1");
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_legacy') IS NULL", Boolean.class)).isTrue();
		assertThat(jdbc.queryForObject("SELECT pg_get_serial_sequence('audit_logs', 'id')", String.class))
			.as("the sequence survived the legacy table")
			.isEqualTo("public.audit_logs_id_seq");
	}

	@Test
	void aConversionKilledMidCopyAndMidSwapContinuesAndLosesNothing() throws Exception {
		DatabaseTarget database = seeded(getClass(), 1500);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<String> expected = perTierAndMonth(jdbc, "audit_logs");
		Cli cli = new Cli(database);

		// killed with SIGKILL once a few chunks of the copy have committed
		Process child = ChildProcess.start("run", "partition-audit-logs", "asOf=2026-11-20", "chunkSize=200",
				"gridSize=2", "throttle=200ms", "--db-url", database.url());
		try {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForObject("SELECT COALESCE(sum(commit_count), 0) FROM batch_step_execution"
						+ " WHERE step_name LIKE 'copyAuditLogsRange:%'", Long.class) >= 3);
		}
		finally {
			child.destroyForcibly().waitFor();
		}
		assertThat(relkind(jdbc, "audit_logs")).as("the old table is still in service").isEqualTo("r");
		assertThat(cli.run("recover").exit()).isEqualTo(ExitCodes.COMPLETED);

		// killed again while the swap waits for a lock a long reader holds
		Process second;
		try (var reader = database.dataSource().getConnection()) {
			reader.setAutoCommit(false);
			reader.createStatement().execute("LOCK TABLE audit_logs IN ACCESS SHARE MODE");
			second = ChildProcess.start("run", "partition-audit-logs", "asOf=2026-11-20", "--db-url", database.url());
			try {
				// the swap's transaction is open and waiting for the table (it would
				// retry)
				await().atMost(Duration.ofSeconds(120))
					.until(() -> jdbc.queryForObject(
							"SELECT count(*) FROM pg_locks WHERE relation ="
									+ " 'audit_logs'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted",
							Long.class) > 0);
			}
			finally {
				second.destroyForcibly().waitFor();
			}
			reader.rollback();
		}
		assertThat(relkind(jdbc, "audit_logs")).as("still the old table: the swap never committed").isEqualTo("r");
		assertThat(cli.run("recover").exit()).isEqualTo(ExitCodes.COMPLETED);

		Cli.Result rerun = cli.run("run", "partition-audit-logs", "asOf=2026-11-20");

		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(relkind(jdbc, "audit_logs")).isEqualTo("p");
		assertThat(perTierAndMonth(jdbc, "audit_logs")).isEqualTo(expected);
	}

	@Test
	void verifyIntegrityFindsAnIdHeldByTwoRowsInDifferentTiers() {
		DatabaseTarget database = MaintainPartitionsIntegrationTests.converted(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result clean = cli.run("run", "verify-integrity", "asOf=2026-11-01");
		assertThat(clean.out()).as(clean.toString()).contains("audit_id_duplicate=0");

		// no primary key can stop this on a table partitioned by an expression
		jdbc.update("INSERT INTO audit_logs (id, action, resource_type, created_at) SELECT id, 'USER_LOGIN', 'USER',"
				+ " created_at FROM audit_logs WHERE audit_retention_tier(action) = 'critical' ORDER BY id LIMIT 1");
		Cli.Result found = cli.run("run", "verify-integrity", "asOf=2026-11-02");

		assertThat(found.exit()).as(found.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(found.out()).contains("audit_id_duplicate=1");
	}

	@Test
	void aConversionAndAJobThatChangesAuditRowsExcludeEachOther() {
		DatabaseTarget database = seeded(getClass(), 100);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// a purge running (as the job repository records it), whoever started it
		jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
				+ " VALUES (9001, 0, 'purge-retention', 'guard')");
		jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
				+ " start_time, status) VALUES (9001, 0, 9001, now(), now(), 'STARTED')");

		Cli.Result refused = cli.run("run", "partition-audit-logs");

		assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(refused.err()).contains("purge-retention is running (execution 9001");
		assertThat(jdbc.queryForObject("SELECT to_regclass('audit_logs_new') IS NULL", Boolean.class)).isTrue();

		// and while a conversion is under way, such a job is told to wait
		jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED', end_time = now()");
		assertThat(AuditRowsGuard.conversionProblems(jdbc)).isEmpty();
		jdbc.update("INSERT INTO lifecycle_partition_conversions (table_name, state, copy_max_id, legacy_table)"
				+ " VALUES ('audit_logs', 'copying', 0, 'audit_logs_legacy')");
		assertThat(AuditRowsGuard.conversionProblems(jdbc)).singleElement()
			.asString()
			.contains("a conversion of audit_logs into partitions is in progress (state copying");
	}

	static String relkind(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)", String.class,
				table);
	}

}
