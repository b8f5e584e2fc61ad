package org.bookinglifecycle.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bookinglifecycle.archive.ArchiveFixtures.AS_OF;
import static org.bookinglifecycle.archive.ArchiveFixtures.assertInvariant;
import static org.bookinglifecycle.archive.ArchiveFixtures.count;
import static org.bookinglifecycle.archive.ArchiveFixtures.expectedCandidates;

class ArchiveUnderLoadIntegrationTests {

	@Test
	void concurrentPlatformUpdatesNeitherDeadlockNorLoseAnything() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<Long> targets = jdbc.queryForList(
				"SELECT id FROM bookings WHERE booking_status IN ('completed', 'cancelled') " + "ORDER BY id",
				Long.class);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong updates = new AtomicLong();
		ConcurrentLinkedQueue<String> platformErrors = new ConcurrentLinkedQueue<>();
		ExecutorService platform = Executors.newFixedThreadPool(2);
		List<Future<?>> writers = List.of(
				platform.submit(() -> write(database, targets, 1, running, updates, platformErrors)),
				platform.submit(() -> write(database, targets, 2, running, updates, platformErrors)));
		try {
			Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=100",
					"throttle=10ms");

			assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		}
		finally {
			running.set(false);
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
			platform.shutdown();
		}
		assertThat(updates.get()).as("the platform kept writing").isPositive();
		assertThat(platformErrors).as("no deadlock or lock timeout on the platform's side").isEmpty();
		assertInvariant(jdbc);

		Cli.Result next = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF);
		assertThat(next.exit()).as("same night, already completed").isEqualTo(ExitCodes.NOTHING_TO_DO);
		Cli.Result tomorrow = new Cli(database).run("run", "archive-bookings", "asOf=2026-11-26");
		assertThat(tomorrow.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(expectedCandidates(jdbc, "2026-11-26")).as("rows skipped while locked are taken next run").isZero();
		assertInvariant(jdbc);
	}

	/**
	 * The platform: single-row updates, each holding its row lock for a few milliseconds.
	 */
	private static void write(DatabaseTarget database, List<Long> ids, long seed, AtomicBoolean running,
			AtomicLong updates, ConcurrentLinkedQueue<String> errors) {
		Random random = new Random(seed);
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		try (Connection connection = database.dataSource().getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET lock_timeout = '5s'");
			}
			connection.setAutoCommit(false);
			try (PreparedStatement update = connection.prepareStatement(
					"UPDATE bookings SET special_requests = 'late arrival', updated_at = now() WHERE id = ?");
					PreparedStatement hold = connection.prepareStatement("SELECT pg_sleep(0.003)")) {
				while (running.get() && System.nanoTime() < deadline) {
					update.setLong(1, ids.get(random.nextInt(ids.size())));
					update.executeUpdate();
					hold.execute();
					connection.commit();
					updates.incrementAndGet();
				}
			}
		}
		catch (SQLException ex) {
			errors.add(ex.getSQLState() + " " + ex.getMessage());
		}
	}

	@Test
	void aJobKilledMidNightIsRecoveredAndFinishedWithNothingLostOrDoubled() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long expected = expectedCandidates(jdbc, AS_OF);

		Process child = ChildProcess.start("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=100",
				"throttle=150ms", "--db-url", database.url());
		try {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> count(jdbc, "SELECT count(*) FROM batch_step_execution "
						+ "WHERE step_name = 'archiveBookingsStep' AND commit_count >= 3") > 0);
		}
		finally {
			child.destroyForcibly().waitFor();
		}
		long movedBeforeKill = count(jdbc, "SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL");
		assertThat(movedBeforeKill).isPositive().isLessThan(expected);
		assertInvariant(jdbc);

		Cli.Result recover = cli.run("recover");
		Cli.Result rerun = cli.run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=100");

		assertThat(recover.out()).contains("recovered");
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL"))
			.isEqualTo(expected);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE action = 'BOOKING_ARCHIVED'"))
			.isEqualTo(expected);
		assertInvariant(jdbc);
	}

}
