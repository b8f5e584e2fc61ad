package org.bookinglifecycle.operations;

import java.time.Duration;
import java.util.List;

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

class RecoverIntegrationTests {

	@Test
	void aCrashedNightIsRecoveredAndContinuedWithoutTouchingALiveOne() throws Exception {
		DatabaseTarget database = IntegrityFixtures.seeded(getClass(), false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long historyRows = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);

		// given a night running in another process
		Process child = ChildProcess.start("run", "verify-integrity", "asOf=2026-02-01", "chunkSize=50",
				"throttle=200ms", "--db-url", database.url());
		long executionId;
		try {
			executionId = await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForList(
						"SELECT job_execution_id FROM batch_step_execution WHERE commit_count >= 2", Long.class),
						(ids) -> !ids.isEmpty())
				.get(0);

			// while it is alive, recover leaves it alone
			Cli.Result recoverAll = cli.run("recover");
			Cli.Result recoverOne = cli.run("recover", String.valueOf(executionId));

			assertThat(recoverAll.exit()).isEqualTo(ExitCodes.COMPLETED);
			assertThat(recoverAll.out()).contains("left " + executionId).contains("pid " + child.pid());
			assertThat(recoverOne.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
			assertThat(recoverOne.err()).contains("looks alive");
			assertThat(status(jdbc, executionId)).isEqualTo("STARTED");
		}
		finally {
			// when its process is killed mid-job (SIGKILL: no shutdown hook, no status
			// update)
			child.destroyForcibly().waitFor();
		}
		assertThat(status(jdbc, executionId)).isEqualTo("STARTED");

		// then recover marks it FAILED, and running the same night again continues it
		Cli.Result recovered = cli.run("recover");
		Cli.Result rerun = cli.run("run", "verify-integrity", "asOf=2026-02-01");

		assertThat(recovered.out()).contains("recovered " + executionId);
		assertThat(status(jdbc, executionId)).isEqualTo("FAILED");
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		long rerunRead = jdbc
			.queryForObject("SELECT sum(read_count) FROM batch_step_execution WHERE job_execution_id = "
					+ "(SELECT max(job_execution_id) FROM batch_job_execution)", Long.class);
		assertThat(rerunRead).as("continued after the last committed chunk").isPositive().isLessThan(historyRows);
		List<String> findings = jdbc.queryForList("SELECT booking_history_id || ':' || finding FROM integrity_findings "
				+ "WHERE as_of = DATE '2026-02-01' ORDER BY booking_history_id", String.class);
		assertThat(findings).containsExactlyElementsOf(IntegrityFixtures.expectedFindings(jdbc));
	}

	private static String status(JdbcTemplate jdbc, long executionId) {
		return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
				executionId);
	}

}
