package org.bookinglifecycle.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.archive.ArchiveFixtures;
import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SessionNames;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bookinglifecycle.archive.ArchiveFixtures.AS_OF;

/**
 * A night whose process is stopped (SIGSTOP) mid-run: automatic recovery presumes it gone
 * once its heartbeat is silent, fences it and marks it FAILED; the process, continued
 * (SIGCONT), commits nothing more; the restart completes it with nothing lost or moved
 * twice.
 */
class FenceIntegrationTests {

	private static final String HEARTBEAT_TIMEOUT = "lifecycle.owner.heartbeat-timeout";

	@Test
	void aStoppedOwnerIsFencedAndCommitsNothingAfterItWakes() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long historyBefore = count(jdbc, "SELECT count(*) FROM booking_history");
		long toArchive = ArchiveFixtures.expectedCandidates(jdbc, AS_OF);
		assertThat(toArchive).as("enough rows for many chunks").isGreaterThan(500);

		// given a night running in another process, beating every second
		Path log = ChildProcess.logFile();
		Process child = ChildProcess.start(null, List.of("-Dlifecycle.owner.heartbeat-interval=PT1S"), log, "run",
				"archive-bookings", "asOf=" + AS_OF, "chunkSize=20", "throttle=300ms", "--db-url", database.url());
		System.setProperty(HEARTBEAT_TIMEOUT, "PT6S");
		try (LifecycleRuntime runtime = new LifecycleRuntime(new DatabaseChoice(database.url(), null, null, null))) {
			JobOperations operations = runtime.bean(JobOperations.class);
			long executionId = await().atMost(Duration.ofSeconds(120))
				.until(() -> jdbc.queryForList("SELECT job_execution_id FROM batch_step_execution "
						+ "WHERE step_name = 'archiveBookingsStep' AND commit_count >= 3", Long.class),
						(ids) -> !ids.isEmpty())
				.get(0);

			// it holds its claim of the audit references (shared) beside its job's lock
			assertThat(count(jdbc,
					"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid AND objid = ?::oid"
							+ " AND objsubid = 2 AND mode = 'ShareLock' AND granted",
					JobLocks.LOCK_CLASS, AuditRowsGuard.Resource.AUDIT_REFERENCES.key()))
				.isOne();

			// while it runs and beats, automatic recovery leaves it alone
			Recovery alive = operations.recoverPresumedGone(executionId);
			assertThat(alive.outcome()).as(alive.toString()).isEqualTo(Recovery.Outcome.OWNER_ALIVE);
			assertThat(status(jdbc, executionId)).isEqualTo("STARTED");

			// when it is stopped (its pid lives, its heartbeat goes silent) and then
			// presumed gone
			signal("STOP", child.pid());
			Recovery recovered = await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> operations.recoverPresumedGone(executionId), Recovery::recovered);

			// then it is FAILED, its lock and its open transactions are gone, and the
			// operations log says it was fenced
			assertThat(status(jdbc, executionId)).isEqualTo("FAILED");
			assertThat(recovered.sessionsEnded()).as("at least the session holding the job's lock").isPositive();
			assertThat(count(jdbc,
					"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid "
							+ "AND objid = hashtext('archive-bookings')::oid AND objsubid = 2",
					JobLocks.LOCK_CLASS))
				.as("nobody holds the job's lock")
				.isZero();
			assertThat(count(jdbc, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid",
					JobLocks.LOCK_CLASS))
				.as("nor its claims: they went with the session of its lock")
				.isZero();
			assertThat(operations.actions(executionId)).anySatisfy(
					(line) -> assertThat(line).contains("recover").contains("owner presumed gone").contains("fenced"));
			Map<String, Object> frozen = snapshot(jdbc, executionId);

			// when the stopped process continues, it commits nothing more and fails,
			// naming the fence
			signal("CONT", child.pid());
			assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the woken process ends").isTrue();
			String output = Files.readString(log);
			assertThat(child.exitValue()).as(output).isNotEqualTo(ExitCodes.COMPLETED);
			assertThat(output).contains("execution " + executionId + " was recovered by another process")
				.contains("no longer owns it");
			assertThat(snapshot(jdbc, executionId)).as("nothing committed after the fence").isEqualTo(frozen);
			assertThat(status(jdbc, executionId)).isNotEqualTo("COMPLETED").isNotEqualTo("UNKNOWN");
		}
		finally {
			System.clearProperty(HEARTBEAT_TIMEOUT);
			if (child.isAlive()) {
				signal("CONT", child.pid());
				child.destroyForcibly().waitFor();
			}
		}

		// and the restart completes the night: every candidate moved once
		long executionId = jdbc.queryForObject("SELECT min(job_execution_id) FROM batch_job_execution", Long.class);
		Cli.Result restart = new Cli(database).run("restart", String.valueOf(executionId));

		assertThat(restart.exit()).as(restart.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(ArchiveFixtures.expectedCandidates(jdbc, AS_OF)).isZero();
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history")).isEqualTo(historyBefore + toArchive);
		ArchiveFixtures.assertInvariant(jdbc);
	}

	@Test
	void theSessionNameOfAProcessIsWhatPostgresqlShows() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		String longHost = "node-" + "x".repeat(80) + ".example";

		assertThat(jdbc.queryForObject("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()",
				String.class))
			.isEqualTo(SessionNames.thisProcess());
		assertThat(jdbc.queryForObject("SELECT set_config('application_name', ?, false)", String.class,
				SessionNames.PREFIX + " 4242." + Long.toString(1_700_000_000L, 36) + "@" + longHost))
			.isEqualTo(SessionNames.of(4242, java.time.Instant.ofEpochSecond(1_700_000_000L), longHost));
		// a later process with the same pid on the same host (a restarted container) has
		// another name, so fencing the earlier one never ends its sessions
		assertThat(SessionNames.of(1, java.time.Instant.ofEpochSecond(1_700_000_000L), "scheduler-1"))
			.isNotEqualTo(SessionNames.of(1, java.time.Instant.ofEpochSecond(1_700_000_100L), "scheduler-1"));
	}

	/**
	 * What a woken process could change: the moved rows and the old execution's metadata.
	 */
	private static Map<String, Object> snapshot(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForMap("SELECT (SELECT count(*) FROM bookings) AS bookings,"
				+ " (SELECT count(*) FROM booking_history) AS history,"
				+ " (SELECT sum(write_count) FROM batch_step_execution WHERE job_execution_id = ?) AS written,"
				+ " (SELECT sum(commit_count) FROM batch_step_execution WHERE job_execution_id = ?) AS commits,"
				+ " (SELECT heartbeat_at FROM lifecycle_execution_owner WHERE job_execution_id = ?) AS heartbeat",
				executionId, executionId, executionId);
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -" + signal).isZero();
	}

	private static String status(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
				executionId);
	}

	private static long count(JdbcTemplate jdbc, String sql, Object... args) {
		return jdbc.queryForObject(sql, Long.class, args);
	}

}
