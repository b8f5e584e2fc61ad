package org.bookinglifecycle.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs that exclude each other ({@link AuditRowsGuard}) started in the same instant: two
 * real runs of the CLI released by one barrier, each in its own thread and Spring
 * context. Whichever takes its locks first is held at its first step (this test holds a
 * SHARE lock of {@code batch_step_execution}, so the execution is recorded and running
 * but can take no step) until the other has ended, so the other always meets it running:
 * it must be refused with exit 1, naming the running job and execution, and create
 * nothing. Without the locks both pass their checks and both run (or the second is
 * refused by a check with exit 2): the test fails either way.
 */
class ExclusionLocksIntegrationTests {

	private static final String AS_OF = "asOf=2026-11-25";

	@Test
	void aPurgeAndAnArchiveStartedTogetherNeverRunTogether() throws Exception {
		DatabaseTarget database = seeded(500);

		Race race = race(database, new Start("purge-retention", "run", "purge-retention", AS_OF),
				new Start("archive-bookings", "run", "archive-bookings", AS_OF));

		race.assertOneRanAndTheOtherWasRefused(AuditRowsGuard.Resource.AUDIT_REFERENCES);
	}

	@Test
	void aConversionOfAuditLogsAndAnAnonymizationStartedTogetherNeverRunTogether() throws Exception {
		DatabaseTarget database = seeded(300);

		Race race = race(database, new Start("partition-audit-logs", "run", "partition-audit-logs", AS_OF),
				new Start("anonymize-guests", "run", "anonymize-guests", AS_OF));

		race.assertOneRanAndTheOtherWasRefused(AuditRowsGuard.Resource.AUDIT_ROWS);
	}

	@Test
	void aRestartTakesTheSameLocks() throws Exception {
		DatabaseTarget database = seeded(500);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// an archive stopped after a few chunks, to restart
		ExecutorService thread = Executors.newSingleThreadExecutor();
		Future<Cli.Result> running = thread
			.submit(() -> cli.run("run", "archive-bookings", AS_OF, "chunkSize=5", "throttle=200ms"));
		long archive = await().atMost(Duration.ofSeconds(90))
			.until(() -> jdbc.queryForList("SELECT job_execution_id FROM batch_step_execution WHERE commit_count >= 2",
					Long.class), (ids) -> !ids.isEmpty())
			.get(0);
		assertThat(cli.run("stop", String.valueOf(archive)).exit()).isEqualTo(ExitCodes.COMPLETED);
		Cli.Result stopped = running.get(3, TimeUnit.MINUTES);
		thread.shutdown();
		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);

		Race race = race(database, new Start("purge-retention", "run", "purge-retention", AS_OF),
				new Start("archive-bookings", "restart", String.valueOf(archive)));

		race.assertOneRanAndTheOtherWasRefused(AuditRowsGuard.Resource.AUDIT_REFERENCES);
	}

	@Test
	void theResourceKeysAreApartFromEveryJobsOwnLock() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<String> names = new ArrayList<>();
		try (Stream<Path> files = Files.list(Path.of("jobs"))) {
			files.map((file) -> file.getFileName().toString().replace(".yml", "")).forEach(names::add);
		}
		names.add("nightly");
		List<Integer> keys = List.of(AuditRowsGuard.Resource.values()).stream().map((r) -> r.key()).toList();

		assertThat(names).contains("purge-retention", "archive-bookings");
		for (String name : names) {
			assertThat(jdbc.queryForObject("SELECT hashtext(?)", Integer.class, name)).as(name).isNotIn(keys);
		}
		assertThat(AuditRowsGuard.claims("purge-retention")).containsExactly(
				new AuditRowsGuard.Claim(AuditRowsGuard.Resource.AUDIT_ROWS, false),
				new AuditRowsGuard.Claim(AuditRowsGuard.Resource.AUDIT_REFERENCES, true));
		assertThat(AuditRowsGuard.claims("verify-integrity")).isEmpty();
	}

	private static DatabaseTarget seeded(int bookings) {
		DatabaseTarget database = TestDatabase.migrated(ExclusionLocksIntegrationTests.class);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(bookings, 8, 21, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		// the data policy in the database, as every purge needs it
		assertThat(new Cli(database).run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		return database;
	}

	/**
	 * Run both commands released by one barrier, holding whichever takes its locks first
	 * at its first step until the other has ended.
	 */
	private static Race race(DatabaseTarget database, Start first, Start second) throws Exception {
		Cli cli = new Cli(database);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long firstBefore = first.executions(jdbc);
		long secondBefore = second.executions(jdbc);
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Connection hold = database.dataSource().getConnection(); Statement statement = hold.createStatement()) {
			hold.setAutoCommit(false);
			statement.execute("LOCK TABLE batch_step_execution IN SHARE MODE");
			Future<Cli.Result> a = threads.submit(() -> {
				barrier.await();
				return cli.run(first.command());
			});
			Future<Cli.Result> b = threads.submit(() -> {
				barrier.await();
				return cli.run(second.command());
			});
			try {
				// the first to take its locks waits at its first step: the other ends
				await("one of the two ends while the other waits at its first step (if neither does, both"
						+ " passed their checks and run together)")
					.atMost(Duration.ofSeconds(90))
					.until(() -> a.isDone() || b.isDone());
			}
			finally {
				hold.commit();
			}
			Cli.Result firstResult = a.get(3, TimeUnit.MINUTES);
			Cli.Result secondResult = b.get(3, TimeUnit.MINUTES);
			return (firstResult.exit() == ExitCodes.COMPLETED)
					? new Race(jdbc, first, firstBefore, firstResult, second, secondBefore, secondResult)
					: new Race(jdbc, second, secondBefore, secondResult, first, firstBefore, firstResult);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * One command line of the race and the job it starts.
	 *
	 * @param job the job
	 * @param command the command line
	 */
	private record Start(String job, String... command) {

		long executions(JdbcTemplate jdbc) {
			return jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
					+ " USING (job_instance_id) WHERE i.job_name = ?", Long.class, this.job);
		}

	}

	/** Both ended: the one that completed first, if either did. */
	private record Race(JdbcTemplate jdbc, Start winner, long winnerBefore, Cli.Result won, Start loser,
			long loserBefore, Cli.Result refused) {

		void assertOneRanAndTheOtherWasRefused(AuditRowsGuard.Resource resource) {
			String both = String.join(" ", this.winner.command()) + ": " + this.won + "\n"
					+ String.join(" ", this.loser.command()) + ": " + this.refused;
			long execution = this.jdbc.queryForObject(
					"SELECT max(e.job_execution_id) FROM batch_job_execution e"
							+ " JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = ?",
					Long.class, this.winner.job());

			assertThat(List.of(this.won.exit(), this.refused.exit())).as(both)
				.containsExactly(ExitCodes.COMPLETED, ExitCodes.FAILED);
			assertThat(this.winner.executions(this.jdbc)).as(both).isEqualTo(this.winnerBefore + 1);
			assertThat(this.refused.err()).as(both)
				.contains(this.loser.job() + " may not start: " + this.winner.job() + " is running (execution "
						+ execution + ", pid " + ProcessHandle.current().pid() + " on ")
				.contains("`stop " + execution + "` asks it to stop")
				.contains("(" + resource.label() + ")");
			assertThat(this.loser.executions(this.jdbc)).as("the refused start created nothing")
				.isEqualTo(this.loserBefore);
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM batch_job_instance WHERE job_name = ?",
					Long.class, this.loser.job()))
				.as("nor a job instance")
				.isEqualTo(this.jdbc.queryForObject(
						"SELECT count(DISTINCT job_instance_id) FROM batch_job_execution"
								+ " JOIN batch_job_instance USING (job_instance_id) WHERE job_name = ?",
						Long.class, this.loser.job()));
			assertThat(this.jdbc.queryForObject(
					"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid", Long.class,
					JobLocks.LOCK_CLASS))
				.as("every lock released")
				.isZero();
		}

	}

}
