package org.bookinglifecycle.operations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.integrity.IntegrityFixtures;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ReadableExecutionContextsIntegrationTests {

	private static final int CHUNK = 200;

	/** Every step context of one job execution, as stored. */
	private static final String STEP_CONTEXTS = """
			SELECT s.step_name, COALESCE(c.serialized_context, c.short_context) AS context
			FROM batch_step_execution s JOIN batch_step_execution_context c USING (step_execution_id)
			WHERE s.job_execution_id = ?""";

	/** Each id range of a backfill execution: its bounds and its reader's position. */
	private static final String RANGES = """
			SELECT s.step_name, s.status,
			  (c.short_context::jsonb #>> '{minId,1}')::bigint AS min_id,
			  (c.short_context::jsonb #>> '{maxId,1}')::bigint AS max_id,
			  (c.short_context::jsonb #>> '{auditIds.lastId,1}')::bigint AS last_id,
			  (c.short_context::jsonb #>> '{auditIds.read.count,1}')::bigint AS done
			FROM batch_step_execution s JOIN batch_step_execution_context c USING (step_execution_id)
			WHERE s.job_execution_id = ? AND s.step_name LIKE 'fillRetentionRange:%'
			ORDER BY s.step_name""";

	private final ExecutionContextSerializer serializer = new ReadableExecutionContexts().executionContextSerializer();

	@Test
	void aStoppedRunLeavesEveryContextAsJsonAndEachRangeItsPosition() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long auditRows = jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class);

		Cli.Result stopped = cli.run("run", "backfill-retention", "asOf=2026-11-25", "gridSize=2", "chunkSize=500",
				"maxRuntime=0s");
		long stoppedId = lastExecution(jdbc);

		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);
		assertThat(storedContexts(jdbc, stoppedId)).isNotEmpty()
			.allSatisfy((context) -> assertThat(context).startsWith("{"));
		assertThat(jdbc.queryForObject(
				"SELECT jsonb_typeof(short_context::jsonb) FROM batch_job_execution_context WHERE job_execution_id = ?",
				String.class, stoppedId))
			.isEqualTo("object");
		List<Map<String, Object>> ranges = jdbc.queryForList(RANGES, stoppedId);
		assertThat(ranges).hasSize(2).allSatisfy((range) -> assertThat(range).containsEntry("status", "STOPPED"));
		assertThat(ranges.get(0).get("min_id"))
			.isEqualTo(jdbc.queryForObject("SELECT min(id) FROM audit_logs", Long.class));
		assertThat(ranges.get(1).get("max_id"))
			.isEqualTo(jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class));
		assertThat((Long) ranges.get(1).get("min_id")).isEqualTo((Long) ranges.get(0).get("max_id") + 1);

		Cli.Result resumed = cli.run("run", "backfill-retention", "asOf=2026-11-25", "gridSize=2", "chunkSize=500");
		long resumedId = lastExecution(jdbc);

		assertThat(resumed.exit()).as(resumed.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList(RANGES, resumedId)).hasSize(2).allSatisfy((range) -> {
			assertThat(range).containsEntry("status", "COMPLETED");
			assertThat(range.get("last_id")).isEqualTo(range.get("max_id"));
		});
		assertThat(jdbc.queryForObject("SELECT sum(done)::bigint FROM (" + RANGES + ") r", Long.class, resumedId))
			.isEqualTo(auditRows);
	}

	@Test
	void aVerifyIntegrityRunSavedInTheLegacyFormatRestartsFromItsPosition() {
		DatabaseTarget database = IntegrityFixtures.seededWithProblems(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long historyRows = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
		long failing = jdbc
			.queryForList("SELECT id FROM booking_history h WHERE data_hash <> booking_data_hash(h) ORDER BY id",
					Long.class)
			.get(1);
		long committed = jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE id < ?", Long.class, failing)
				/ CHUNK * CHUNK;
		jdbc.execute("""
				CREATE FUNCTION refuse_finding() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$""");
		jdbc.execute("CREATE TRIGGER refuse_finding BEFORE INSERT ON integrity_findings FOR EACH ROW "
				+ "WHEN (NEW.booking_history_id = " + failing + ") EXECUTE FUNCTION refuse_finding()");
		Cli.Result failed = cli.run("run", "verify-integrity", "asOf=2026-02-01", "chunkSize=" + CHUNK);
		jdbc.execute("DROP TRIGGER refuse_finding ON integrity_findings");
		long failedId = lastExecution(jdbc);
		assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(jdbc.queryForObject("""
				SELECT (c.short_context::jsonb #>> '{historyReader.read.count,1}')::bigint
				FROM batch_step_execution s JOIN batch_step_execution_context c USING (step_execution_id)
				WHERE s.job_execution_id = ? AND s.step_name = 'verifyHistoryStep'""", Long.class, failedId))
			.as("the saved position, read with SQL")
			.isPositive()
			.isEqualTo(committed);
		rewriteInLegacyFormat(jdbc, failedId);

		Cli.Result restarted = cli.run("restart", String.valueOf(failedId));

		assertThat(restarted.out()).as(restarted.toString()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(IntegrityFixtures.recordedFindings(jdbc, "2026-02-01"))
			.containsExactlyElementsOf(IntegrityFixtures.expectedFindings(jdbc));
		assertThat(jdbc.queryForObject(
				"SELECT read_count FROM batch_step_execution WHERE job_execution_id = ? AND step_name = 'verifyHistoryStep'",
				Long.class, lastExecution(jdbc)))
			.as("the restart continues after the saved position")
			.isEqualTo(historyRows - committed);
	}

	@Test
	void aPartitionedBackfillSavedInTheLegacyFormatRestartsEachRangeFromItsPosition() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		List<Long> ids = jdbc.queryForList("SELECT id FROM audit_logs ORDER BY id", Long.class);
		long failing = ids.get(5 * CHUNK);
		jdbc.execute("""
				CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$""");
		jdbc.execute("CREATE TRIGGER refuse_update BEFORE UPDATE ON audit_logs FOR EACH ROW WHEN (OLD.id = " + failing
				+ ") EXECUTE FUNCTION refuse_update()");
		Cli.Result failed = cli.run("run", "backfill-retention", "asOf=2026-11-25", "gridSize=2", "chunkSize=" + CHUNK);
		jdbc.execute("DROP TRIGGER refuse_update ON audit_logs");
		long failedId = lastExecution(jdbc);
		assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		List<Map<String, Object>> ranges = jdbc.queryForList(RANGES, failedId);
		assertThat(ranges).as("the saved positions, read with SQL").hasSize(2);
		assertThat(ranges.get(0)).containsEntry("status", "FAILED")
			.containsEntry("min_id", ids.get(0))
			.containsEntry("last_id", ids.get(5 * CHUNK - 1))
			.containsEntry("done", 5L * CHUNK);
		assertThat(ranges.get(1)).containsEntry("status", "COMPLETED");
		long firstRangeRows = jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE id BETWEEN ? AND ?",
				Long.class, ranges.get(0).get("min_id"), ranges.get(0).get("max_id"));
		rewriteInLegacyFormat(jdbc, failedId);

		Cli.Result restarted = cli.run("restart", String.valueOf(failedId));

		assertThat(restarted.exit()).as(restarted.toString()).isEqualTo(ExitCodes.COMPLETED);
		long restartedId = lastExecution(jdbc);
		assertThat(jdbc.queryForObject(
				"SELECT sum(read_count)::bigint FROM batch_step_execution "
						+ "WHERE job_execution_id = ? AND step_name LIKE 'fillRetentionRange:%'",
				Long.class, restartedId))
			.as("only the failed range runs again, after its saved position")
			.isEqualTo(firstRangeRows - 5L * CHUNK);
		assertThat(storedContexts(jdbc, restartedId)).as("written as JSON again")
			.allSatisfy((context) -> assertThat(context).startsWith("{"));
		// what an uninterrupted run gives, written out independently of the job's SQL
		assertThat(jdbc.queryForObject(
				"""
						SELECT count(*) FROM audit_logs WHERE retention_tier IS DISTINCT FROM CASE
						  WHEN action IN ('PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'REFUND_ISSUED', 'BOOKING_CANCELLED', 'GDPR_EXPORT')
						    THEN 'critical'
						  WHEN action IN ('USER_LOGIN', 'CHANNEL_SYNC', 'HEALTH_CHECK') THEN 'system'
						  ELSE 'standard' END""",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM audit_logs WHERE data_retention_expires_at IS DISTINCT FROM created_at + CASE
				  retention_tier WHEN 'critical' THEN INTERVAL '7 years' WHEN 'standard' THEN INTERVAL '3 years'
				  ELSE INTERVAL '1 year' END""", Long.class)).isZero();
	}

	private static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(3000, 8, 9, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		return database;
	}

	private static long lastExecution(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
	}

	private static List<String> storedContexts(JdbcTemplate jdbc, long executionId) {
		List<String> contexts = jdbc.query(STEP_CONTEXTS, (rs, i) -> rs.getString("context"), executionId);
		contexts.add(jdbc.queryForObject("SELECT COALESCE(serialized_context, short_context) "
				+ "FROM batch_job_execution_context WHERE job_execution_id = ?", String.class, executionId));
		return contexts;
	}

	/**
	 * Rewrites every context of a job execution (its own and its steps') as the suite
	 * stored them before: Base64 of Java serialization.
	 */
	private void rewriteInLegacyFormat(JdbcTemplate jdbc, long executionId) {
		String job = jdbc.queryForObject("SELECT COALESCE(serialized_context, short_context) "
				+ "FROM batch_job_execution_context WHERE job_execution_id = ?", String.class, executionId);
		jdbc.update("UPDATE batch_job_execution_context SET short_context = ?, serialized_context = NULL "
				+ "WHERE job_execution_id = ?", legacy(job), executionId);
		for (Map<String, Object> step : jdbc.queryForList("""
				SELECT c.step_execution_id, COALESCE(c.serialized_context, c.short_context) AS context
				FROM batch_step_execution_context c JOIN batch_step_execution s USING (step_execution_id)
				WHERE s.job_execution_id = ?""", executionId)) {
			jdbc.update(
					"UPDATE batch_step_execution_context SET short_context = ?, serialized_context = NULL "
							+ "WHERE step_execution_id = ?",
					legacy((String) step.get("context")), step.get("step_execution_id"));
		}
		assertThat(storedContexts(jdbc, executionId)).as("all in the legacy format")
			.allSatisfy((context) -> assertThat(context).doesNotStartWith("{").startsWith("rO0"));
	}

	private String legacy(String json) {
		try {
			Map<String, Object> context = this.serializer
				.deserialize(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			new DefaultExecutionContextSerializer().serialize(context, out);
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
