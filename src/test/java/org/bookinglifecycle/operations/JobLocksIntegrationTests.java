package org.bookinglifecycle.operations;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.integrity.IntegrityFixtures;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobLocksIntegrationTests {

	@Test
	void aJobRunsOnceAtATimeWhoeverStartsItAndEveryActionIsRecorded() throws Exception {
		DatabaseTarget database = IntegrityFixtures.seeded(getClass(), false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		String actor = System.getProperty("user.name");

		// a night running in another process
		Process child = ChildProcess.start("run", "verify-integrity", "asOf=2026-02-01", "chunkSize=50",
				"throttle=200ms", "--db-url", database.url());
		long executionId;
		try {
			executionId = await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForList(
						"SELECT job_execution_id FROM batch_step_execution WHERE commit_count >= 1", Long.class),
						(ids) -> !ids.isEmpty())
				.get(0);

			// another night of the same job, from this process: refused by the database
			Cli.Result second = cli.run("run", "verify-integrity", "asOf=2026-02-02");
			assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(second.err()).contains("verify-integrity is already running: execution " + executionId)
				.contains("pid " + child.pid());
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM batch_job_instance WHERE job_name = 'verify-integrity'", Long.class))
				.as("the refused run created nothing")
				.isEqualTo(1);
			// another job is not held up
			assertThat(cli.run("run", "backfill-retention", "asOf=2026-02-02").exit()).isEqualTo(ExitCodes.COMPLETED);

			// stopped from here, at its next chunk boundary
			assertThat(cli.run("stop", String.valueOf(executionId)).exit()).isEqualTo(ExitCodes.COMPLETED);
			assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
			assertThat(child.exitValue()).isEqualTo(ExitCodes.STOPPED);
		}
		finally {
			child.destroyForcibly().waitFor();
		}
		assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, executionId))
			.isEqualTo("STOPPED");

		Cli.Result restart = cli.run("restart", String.valueOf(executionId));
		assertThat(restart.exit()).as(restart.toString()).isEqualTo(ExitCodes.COMPLETED);
		long restarted = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);

		List<String> log = jdbc.queryForList(
				"SELECT actor || ' ' || action || ' ' || job_name || ' ' ||"
						+ " COALESCE(job_execution_id::text, '-') FROM lifecycle_operations_log ORDER BY id",
				String.class);
		assertThat(log).anySatisfy((line) -> assertThat(line).startsWith(actor + " on ")
			.endsWith(" stop verify-integrity " + executionId));
		assertThat(log).anySatisfy((line) -> assertThat(line).endsWith(" restart verify-integrity " + restarted));
		assertThat(log).anySatisfy((line) -> assertThat(line).contains(" run backfill-retention "));
		assertThat(cli.run("show", String.valueOf(executionId)).out()).contains("operations: ")
			.contains(" stop (requested; was STARTED)");
		assertThat(cli.run("show", String.valueOf(restarted)).out())
			.contains(" restart (of execution " + executionId + "; ended COMPLETED)");
	}

}
