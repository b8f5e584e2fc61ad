package org.bookinglifecycle.backfill;

import java.time.LocalDate;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillAuditLogIdsIntegrationTests {

	/**
	 * Rows whose ids differ from every audit id of the booking, ordered: computed
	 * independently.
	 */
	static final String WRONG_IDS = """
			SELECT count(*) FROM booking_history h
			WHERE h.audit_log_ids IS DISTINCT FROM COALESCE((SELECT array_agg(a.id ORDER BY a.created_at, a.id)
			  FROM audit_logs a WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id), '{}')""";

	static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(6000, 8, 5, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// a booking with thousands of audit rows, and one with none
		long busy = jdbc.queryForObject("SELECT min(original_booking_id) FROM booking_history", Long.class);
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, new_values, created_at) "
				+ "SELECT 'BOOKING_UPDATED', 'BOOKING', ?, '{}', TIMESTAMPTZ '2019-01-01' + g * INTERVAL '1 minute' "
				+ "FROM generate_series(1, 3000) g", busy);
		long silent = jdbc.queryForObject("SELECT max(original_booking_id) FROM booking_history", Long.class);
		jdbc.update("DELETE FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = ?", silent);
		return database;
	}

	@Test
	void fillsEveryTrailInOrderAndEveryMissingHash() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long rows = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
		Cli cli = new Cli(database);

		Cli.Result dryRun = cli.run("run", "backfill-audit-log-ids", "--dry-run");

		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(dryRun.out()).contains("missing audit_log_ids=" + rows)
			.contains("missing data_hash=" + rows)
			.contains("no audit rows bookings=1");
		assertThat(
				jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL", Long.class))
			.isZero();

		Object analyzedBefore = jdbc.queryForObject(
				"SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'booking_history'", Object.class);

		Cli.Result run = cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-25", "gridSize=2", "chunkSize=300");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(run.out()).contains("  filled: empty_trail=1; filled=" + (rows - 1) + "; left to do: 0\n")
			.as("the manager's summary is the ranges' total, not their summaries strung together")
			.doesNotContain("; filled: ");
		assertThat(jdbc.queryForObject(WRONG_IDS, Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT max(cardinality(audit_log_ids)) FROM booking_history", Integer.class))
			.isGreaterThan(3000);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE audit_log_ids = '{}'", Long.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history h WHERE data_hash <> booking_data_hash(h)",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT step_name) FROM batch_step_execution "
				+ "WHERE step_name LIKE 'fillAuditLogIdsRange:%'", Integer.class))
			.as("partitioned over two id ranges")
			.isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT last_analyze IS DISTINCT FROM ? FROM pg_stat_user_tables "
				+ "WHERE relname = 'booking_history'", Boolean.class, analyzedBefore))
			.as("statistics refreshed after the run, so status estimates follow it")
			.isTrue();
	}

	@Test
	void refreshModeTakesIdsAppendedSinceAndKeepsStoredHashes() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-25");
		long booking = jdbc.queryForObject("SELECT min(original_booking_id) FROM booking_history", Long.class);
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at) "
				+ "VALUES ('GDPR_EXPORT', 'BOOKING', ?, now())", booking);
		jdbc.update("UPDATE booking_history SET guest_phone = 'changed behind our back' WHERE original_booking_id = ?",
				booking);

		Cli.Result missing = cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-26");
		long staleAfterMissing = jdbc.queryForObject(WRONG_IDS, Long.class);
		Cli.Result refresh = cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-27", "mode=refresh");

		assertThat(missing.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(staleAfterMissing).as("mode=missing leaves filled rows alone").isEqualTo(1);
		assertThat(refresh.exit()).as(refresh.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject(WRONG_IDS, Long.class)).isZero();
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM booking_history h WHERE original_booking_id = ? AND data_hash <> booking_data_hash(h)",
				Long.class, booking))
			.as("a stored hash is evidence, never recomputed")
			.isEqualTo(1);
	}

	@Test
	void aPartitionThatFailsMidwayIsContinuedByTheRerun() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long rows = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
		long poisoned = jdbc.queryForObject(
				"SELECT id FROM booking_history ORDER BY id OFFSET (SELECT count(*) * 3 / 4 FROM booking_history) LIMIT 1",
				Long.class);
		jdbc.execute("CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
				+ "BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$");
		jdbc.execute("CREATE TRIGGER refuse_update BEFORE UPDATE ON booking_history FOR EACH ROW " + "WHEN (OLD.id = "
				+ poisoned + ") EXECUTE FUNCTION refuse_update()");
		try {
			Cli.Result failed = cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-25", "gridSize=2",
					"chunkSize=100");

			assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		}
		finally {
			jdbc.execute("DROP TRIGGER refuse_update ON booking_history");
		}
		long filledBefore = jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL",
				Long.class);
		assertThat(filledBefore).as("the other range and the committed chunks stay")
			.isGreaterThan(rows / 2)
			.isLessThan(rows);

		Cli.Result rerun = cli.run("run", "backfill-audit-log-ids", "asOf=2026-11-25", "gridSize=2", "chunkSize=100");

		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject(WRONG_IDS, Long.class)).isZero();
		long readByRerun = jdbc.queryForObject("SELECT sum(read_count) FROM batch_step_execution "
				+ "WHERE job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution) "
				+ "AND step_name LIKE 'fillAuditLogIdsRange:%'", Long.class);
		assertThat(readByRerun).as("only what was not committed").isEqualTo(rows - filledBefore);
	}

}
