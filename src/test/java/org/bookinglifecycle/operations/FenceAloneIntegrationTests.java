package org.bookinglifecycle.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.archive.ArchiveFixtures;
import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fence alone stops an owner that recovery took its execution from, where nothing
 * else does. Recovery cannot end the sessions of an owner on another host (its owner
 * record says so here, so no session carries the name recovery looks for), and Spring
 * Batch's own checks do not stop it everywhere either: recovery marks the running steps
 * FAILED, so a chunk or call of a step that was running then fails on the step's version,
 * but a step the owner starts afterwards is new. So the owner here is held between two
 * steps (this test holds the row of its job execution context, which the owner writes
 * after each step), recovered there, and let go: its next step's chunks (case one) or
 * calls (case two) meet only the fence. A ShortLockDdl attempt (case three) commits on a
 * session of its own that holds no transaction between attempts, so recovery does not end
 * it even on the owner's host. In each case the data is read right after the recovery and
 * again once the owner has ended, with work left for it, and must be the same. The
 * owner's own message is not asserted: {@code ExecutionOwners.afterJob} prints the same
 * words whatever stopped it.
 */
class FenceAloneIntegrationTests {

	private static final String PURGED = "SELECT (SELECT count(*) FROM audit_logs) AS audit_rows,"
			+ " (SELECT count(*) FROM booking_history) AS history_rows,"
			+ " (SELECT count(*) FROM lifecycle_purge_ledger) AS ledger,"
			+ " (SELECT count(*) FROM lifecycle_purged_audit_ranges) AS ranges";

	@Test
	void aChunkOfAnOwnerOnAnotherHostCommitsNothingAfterTheRecovery() throws Exception {
		DatabaseTarget database = purgeable(0, 200);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		// recovered after its two tasklet steps, before its chunked step of history rows
		Map<String, Object> recovered = recoverBetweenSteps(database, "deleteExpiredAuditRowsStep");

		assertThat((Long) recovered.get("history_rows")).as("every expired history row left for the owner")
			.isEqualTo(200);
		assertThat(jdbc.queryForMap(PURGED)).as("nothing deleted after the recovery").isEqualTo(recovered);
	}

	@Test
	void aTaskletCallOfAnOwnerOnAnotherHostCommitsNothingAfterTheRecovery() throws Exception {
		DatabaseTarget database = purgeable(600, 0);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		// recovered after its first step (partition drops, planned with ShortLockDdl),
		// before its tasklet step of expired rows
		Map<String, Object> recovered = recoverBetweenSteps(database, "dropExpiredPartitionsStep");

		assertThat((Long) recovered.get("audit_rows")).as("every expired audit row left for the owner").isEqualTo(600);
		assertThat(jdbc.queryForMap(PURGED)).as("nothing deleted after the recovery").isEqualTo(recovered);
	}

	@Test
	void aShortLockDdlAttemptAfterTheRecoveryCommitsNothing() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(100, 8, 9, LocalDate.parse(ArchiveFixtures.AS_OF)), (done) -> {
			});
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		Cli.Result converted = cli.run("run", "partition-audit-logs");
		assertThat(converted.exit()).as(converted.toString()).isEqualTo(ExitCodes.COMPLETED);
		// attempts of 10 ms, pauses of up to 5 s between them: the recovery lands in a
		// pause, when the DDL session (a session of its own, holding the partition lock
		// and no transaction) is not ended
		Path jobs = Files.createTempDirectory("jobs");
		Files.writeString(jobs.resolve("maintain-partitions.yml"),
				Files.readString(Path.of("jobs", "maintain-partitions.yml"))
					.replace("lock-timeout: 2s", "lock-timeout: 10ms")
					.replace("ddl-retries: 10", "ddl-retries: 200")
					.replace("max-backoff: 30s", "max-backoff: 5s"));
		String leaves = "SELECT string_agg(leaf::text, ' ' ORDER BY leaf::text) FROM"
				+ " lifecycle_partition_leaves('audit_logs'::regclass)";
		String before = jdbc.queryForObject(leaves, String.class);

		Path log = ChildProcess.logFile();
		Process child;
		try (Connection reader = database.dataSource().getConnection();
				Statement statement = reader.createStatement()) {
			// a long reader the DDL waits for, attempt after attempt
			reader.setAutoCommit(false);
			statement.execute("LOCK TABLE audit_logs IN SHARE MODE");
			child = ChildProcess.start(null, List.of("-D" + JobDefinitions.DIRECTORY_PROPERTY + "=" + jobs), log, "run",
					"maintain-partitions", "premake=12", "--db-url", database.url());
			try {
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> Files.readString(log).contains("attempt 11 "));
				String session = "booking-lifecycle " + child.pid() + ".%";
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name"
							+ " LIKE ? AND wait_event_type = 'Lock'", Long.class, session) == 0);
				long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution",
						Long.class);
				Cli.Result recovery = cli.run("recover", String.valueOf(execution), "--force");
				assertThat(recovery.exit()).as(recovery.toString()).isEqualTo(ExitCodes.COMPLETED);
				assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
						String.class, execution))
					.isEqualTo("FAILED");
			}
			finally {
				// the reader ends: the next attempt would get its lock
				reader.commit();
			}
			String recovered = jdbc.queryForObject(leaves, String.class);
			assertThat(recovered).as("no month was made before the recovery").isEqualTo(before);

			assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the owner ends").isTrue();
		}
		catch (Throwable failure) {
			System.err.println(Files.readString(log));
			throw failure;
		}
		String output = Files.readString(log);
		assertThat(child.exitValue()).as(output).isNotEqualTo(ExitCodes.COMPLETED);
		assertThat(output).as("the owner attempted its DDL again after the recovery").contains("attempt 12 ");
		assertThat(jdbc.queryForObject(leaves, String.class)).as("no month made after the recovery").isEqualTo(before);
	}

	/**
	 * A database with audit rows past their expiry (system tier, one year) and history
	 * rows past five years, for purge-retention asOf 2026-11-26.
	 */
	private static DatabaseTarget purgeable(int auditRows, int historyRows) {
		DatabaseTarget database = TestDatabase.migrated(FenceAloneIntegrationTests.class);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(new Cli(database).run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at)"
				+ " SELECT 'USER_LOGIN', 'BOOKING', 10200 + i % 20, TIMESTAMPTZ '2025-06-01 00:00:00+00'"
				+ " + i * INTERVAL '1 minute' FROM generate_series(1, ?) i", auditRows);
		jdbc.update("INSERT INTO booking_history (original_booking_id, booking_reference, hotel_id, room_type,"
				+ " check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " booking_created_at, archive_reason) SELECT 10000 + i, 'BK' || (10000 + i), 1, 'double',"
				+ " DATE '2019-12-30', DATE '2020-01-01', 'completed', 'paid', 100, 'EUR', now(), 'completed'"
				+ " FROM generate_series(1, ?) i", historyRows);
		return database;
	}

	/**
	 * Run purge-retention in this process (20 rows a chunk or call), hold it after the
	 * given step, move its owner to another host and recover it there, read the data, and
	 * let the owner run on until it ends.
	 * @return the data right after the recovery
	 */
	private static Map<String, Object> recoverBetweenSteps(DatabaseTarget database, String afterStep) throws Exception {
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Owner owner;
		long execution;
		Map<String, Object> recovered;
		try (Held steps = Held.stepExecutions(database)) {
			owner = Owner.start(database, "run", "purge-retention", "asOf=2026-11-26", "chunkSize=20");
			// before its first step: its execution and execution context are recorded
			execution = steps.awaitOwnerWaiting(jdbc, 1);
			try (Held context = Held.jobContext(database, execution)) {
				steps.release();
				List<String> order = List.of("dropExpiredPartitionsStep", "deleteExpiredAuditRowsStep");
				for (String step : order.subList(0, order.indexOf(afterStep) + 1)) {
					if (!step.equals(order.get(0))) {
						context.pass(database, execution);
					}
					await("held right after " + step).atMost(Duration.ofSeconds(120))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> jdbc
							.queryForList(
									"SELECT step_name || ' ' || status FROM batch_step_execution"
											+ " WHERE job_execution_id = ? ORDER BY step_execution_id DESC LIMIT 1",
									String.class, execution)
							.equals(List.of(step + " COMPLETED")) && waiting(jdbc) == 1);
				}
				recoverElsewhere(database, execution);
				recovered = jdbc.queryForMap(PURGED);
			}
		}
		owner.assertEnded();
		return recovered;
	}

	/**
	 * Recover an execution whose owner record says another host with an old heartbeat, so
	 * that recovery can name none of the owner's sessions.
	 */
	private static void recoverElsewhere(DatabaseTarget database, long execution) {
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(jdbc.update("UPDATE lifecycle_execution_owner SET host = 'elsewhere', heartbeat_at = now()"
				+ " - INTERVAL '1 hour' WHERE job_execution_id = ?", execution))
			.isOne();
		Cli.Result recovery = new Cli(database).run("recover", String.valueOf(execution), "--force");
		assertThat(recovery.exit()).as(recovery.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject(
				"SELECT detail FROM lifecycle_operations_log WHERE action = 'recover'" + " AND job_execution_id = ?",
				String.class, execution))
			.as("no session of the owner could be ended")
			.contains("fenced: 0 session(s)");
		assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, execution))
			.isEqualTo("FAILED");
	}

	/** How many sessions of the database wait for a lock. */
	private static long waiting(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
				+ " AND wait_event_type = 'Lock'", Long.class);
	}

	/** A run of the CLI in a thread of this process: the owner. */
	private record Owner(ExecutorService thread, Future<Cli.Result> result) {

		static Owner start(DatabaseTarget database, String... command) {
			ExecutorService thread = Executors.newSingleThreadExecutor();
			return new Owner(thread, thread.submit(() -> new Cli(database).run(command)));
		}

		void assertEnded() throws Exception {
			try {
				Cli.Result ended = this.result.get(3, TimeUnit.MINUTES);
				assertThat(ended.exit()).as(ended.toString()).isNotEqualTo(ExitCodes.COMPLETED);
			}
			finally {
				this.thread.shutdownNow();
			}
		}

	}

	/**
	 * A lock this test holds that the owner's run waits for.
	 */
	private static final class Held implements AutoCloseable {

		private Connection connection;

		private Held(Connection connection) {
			this.connection = connection;
		}

		/** Holds every new step execution: the owner waits before its first step. */
		static Held stepExecutions(DatabaseTarget database) throws SQLException {
			Connection connection = database.dataSource().getConnection();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("LOCK TABLE batch_step_execution IN SHARE MODE");
			}
			return new Held(connection);
		}

		/** Holds the job execution's context: the owner waits after its next step. */
		static Held jobContext(DatabaseTarget database, long execution) throws SQLException {
			return new Held(lockContext(database, execution));
		}

		private static Connection lockContext(DatabaseTarget database, long execution) throws SQLException {
			Connection connection = database.dataSource().getConnection();
			connection.setAutoCommit(false);
			try (PreparedStatement lock = connection
				.prepareStatement("SELECT 1 FROM batch_job_execution_context WHERE job_execution_id = ? FOR UPDATE")) {
				lock.setLong(1, execution);
				try (ResultSet rs = lock.executeQuery()) {
					assertThat(rs.next()).isTrue();
				}
			}
			return connection;
		}

		/**
		 * Let the owner, waiting for the context, write it and run its next step, then
		 * hold the context again: a second lock of it queues behind the owner's before
		 * this one is released, so the owner writes it once and waits after that step.
		 */
		void pass(DatabaseTarget database, long execution) throws Exception {
			ExecutorService thread = Executors.newSingleThreadExecutor();
			try {
				Future<Connection> next = thread.submit(() -> lockContext(database, execution));
				awaitOwnerWaiting(TestDatabase.jdbc(database), 2);
				this.connection.commit();
				this.connection.close();
				this.connection = next.get(1, TimeUnit.MINUTES);
			}
			finally {
				thread.shutdown();
			}
		}

		/**
		 * Wait until sessions of the database wait for a lock (the owner, and this test's
		 * next lock of the context).
		 * @return the owner's execution
		 */
		long awaitOwnerWaiting(JdbcTemplate jdbc, int sessions) {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> waiting(jdbc) >= sessions);
			return jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
		}

		void release() throws SQLException {
			this.connection.commit();
		}

		@Override
		public void close() throws SQLException {
			this.connection.commit();
			this.connection.close();
		}

	}

}
