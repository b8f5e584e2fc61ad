package org.bookinglifecycle.integrity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full night ({@code mode=full}: all of history, whatever the nights before) on a
 * seeded database: exactly the missing and the tampered rows, a dry run, a failed night
 * continued, stop and restart, maxRuntime. The incremental nights:
 * {@link VerifyIntegrityNightsIntegrationTests}.
 */
class VerifyIntegrityIntegrationTests {

	private static DatabaseTarget database;

	private static JdbcTemplate jdbc;

	private static Cli cli;

	private static long historyRows;

	@BeforeAll
	static void seed() {
		database = IntegrityFixtures.seededWithProblems(VerifyIntegrityIntegrationTests.class);
		jdbc = TestDatabase.jdbc(database);
		cli = new Cli(database);
		historyRows = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
	}

	@Test
	void findsExactlyTheMissingAndTheTamperedRows() {
		Cli.Result result = cli.run("run", "verify-integrity", "asOf=2026-01-01", "mode=full", "chunkSize=250");

		assertThat(result.exit()).as("changed rows are integrity failures").isEqualTo(ExitCodes.FAILED);
		assertThat(result.out()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-01"))
			.containsExactlyElementsOf(IntegrityFixtures.expectedFindings(jdbc))
			.hasSize(6);
		assertThat(result.out()).contains("hash_missing=3").contains("hash_mismatch=3");
		assertThat(result.out() + result.err()).doesNotContain("(edited)");
	}

	@Test
	void dryRunReportsTheSameCountsAndRecordsNothing() {
		Cli.Result result = cli.run("run", "verify-integrity", "asOf=2026-01-02", "mode=full", "--dry-run");

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.out()).contains("hash_missing=3, hash_mismatch=3 (dry run: nothing recorded)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-02")).isEmpty();
		assertThat(cli.run("run", "verify-integrity", "asOf=2026-01-02", "mode=full", "--dry-run").out())
			.as("a dry run can be repeated")
			.contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
	}

	@Test
	void aFailedNightIsContinuedByRunningItAgainWithoutRedoingCommittedChunks() {
		long lastTampered = jdbc.queryForObject(
				"SELECT max(id) FROM booking_history h WHERE data_hash <> booking_data_hash(h)", Long.class);
		jdbc.execute("""
				CREATE FUNCTION refuse_finding() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$""");
		jdbc.execute("CREATE TRIGGER refuse_finding BEFORE INSERT ON integrity_findings FOR EACH ROW "
				+ "WHEN (NEW.booking_history_id = " + lastTampered + ") EXECUTE FUNCTION refuse_finding()");
		try {
			Cli.Result failed = cli.run("run", "verify-integrity", "asOf=2026-01-03", "mode=full", "chunkSize=200");

			assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(failed.out()).contains("FAILED");
			assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-03")).as("committed chunks only")
				.isSubsetOf(IntegrityFixtures.expectedFindings(jdbc))
				.hasSize(4)
				.noneMatch((finding) -> finding.startsWith(lastTampered + ":"));
		}
		finally {
			jdbc.execute("DROP TRIGGER refuse_finding ON integrity_findings");
			jdbc.execute("DROP FUNCTION refuse_finding()");
		}

		Cli.Result rerun = cli.run("run", "verify-integrity", "asOf=2026-01-03", "mode=full", "chunkSize=200");

		assertThat(rerun.out()).as(rerun.toString()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-03"))
			.containsExactlyElementsOf(IntegrityFixtures.expectedFindings(jdbc));
		long readByRerun = readCountOfLastExecution();
		assertThat(readByRerun).isPositive().isLessThan(historyRows);
		assertThat(executionsOfInstance("2026-01-03")).isEqualTo(2);
	}

	@Test
	void stopEndsARunAtAChunkBoundaryAndRestartContinuesIt() {
		CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> cli.run("run", "verify-integrity",
				"asOf=2026-01-04", "mode=full", "chunkSize=100", "throttle=100ms"));
		long executionId = await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e
					JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
					JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
					WHERE p.parameter_name = 'asOf' AND p.parameter_value = '2026-01-04' AND s.commit_count >= 2""",
					Long.class), (ids) -> !ids.isEmpty())
			.get(0);

		Cli.Result stop = cli.run("stop", String.valueOf(executionId));
		Cli.Result stopped = running.join();

		assertThat(stop.exit()).as(stop.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);
		assertThat(readCountOfLastExecution()).isLessThan(historyRows);

		Cli.Result restarted = cli.run("restart", String.valueOf(executionId));

		assertThat(restarted.out()).as(restarted.toString()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-04"))
			.containsExactlyElementsOf(IntegrityFixtures.expectedFindings(jdbc));
	}

	@Test
	void maxRuntimeStopsCleanlyAndTheRerunFinishes() {
		Cli.Result stopped = cli.run("run", "verify-integrity", "asOf=2026-01-05", "mode=full", "maxRuntime=0s");
		Cli.Result rerun = cli.run("run", "verify-integrity", "asOf=2026-01-05", "mode=full");

		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);
		assertThat(rerun.out()).as(rerun.toString()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-01-05")).hasSize(6);
	}

	private static long readCountOfLastExecution() {
		return jdbc.queryForObject("SELECT sum(read_count) FROM batch_step_execution WHERE job_execution_id = "
				+ "(SELECT max(job_execution_id) FROM batch_job_execution)", Long.class);
	}

	private static int executionsOfInstance(String asOf) {
		List<Integer> counts = jdbc.queryForList("""
				SELECT count(DISTINCT e.job_execution_id)::int FROM batch_job_execution e
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'asOf' AND p.parameter_value = ?""", Integer.class, asOf);
		return counts.get(0);
	}

}
