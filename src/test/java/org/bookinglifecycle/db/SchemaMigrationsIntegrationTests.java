package org.bookinglifecycle.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMigrationsIntegrationTests {

	private static final String LATEST = "12";

	@Test
	void migrateBuildsTheWholeSchemaOnAnEmptyDatabase() {
		DatabaseTarget database = TestDatabase.empty(getClass());

		Cli.Result result = new Cli(database).run("migrate");

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(result.out()).contains("is at schema version " + LATEST);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(columnType(jdbc, "booking_history", "audit_log_ids")).isEqualTo("_int8");
		assertThat(columnType(jdbc, "booking_history", "data_hash")).isEqualTo("bpchar");
		assertThat(columnType(jdbc, "audit_logs", "retention_tier")).isEqualTo("varchar");
		assertThat(columnType(jdbc, "audit_logs", "data_retention_expires_at")).isEqualTo("timestamptz");
		assertThat(validIndex(jdbc, "idx_bookings_archive_candidates")).isTrue();
		assertThat(validIndex(jdbc, "idx_audit_logs_resource")).isTrue();
		assertThat(jdbc.queryForObject("SELECT pg_get_indexdef('idx_bookings_archive_candidates'::regclass)",
				String.class))
			.contains("WHERE")
			.contains("'confirmed'")
			.contains("'completed'")
			.contains("'cancelled'");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM information_schema.tables WHERE table_name IN "
						+ "('batch_job_execution', 'batch_step_execution_context', 'qrtz_triggers', 'qrtz_locks')",
				Integer.class))
			.isEqualTo(4);
	}

	@Test
	void migrateTwiceAppliesNothingTheSecondTime() {
		DatabaseTarget database = TestDatabase.empty(getClass());
		Cli cli = new Cli(database);
		cli.run("migrate");

		Cli.Result again = cli.run("migrate");

		assertThat(again.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(again.out()).contains("(0 migration(s) applied)");
	}

	@Test
	void anExistingPlatformDatabaseIsTakenOverWithBaseline() throws IOException {
		DatabaseTarget database = TestDatabase.empty(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.execute(classpath("sql/migration/V1__baseline_current_system.sql"));
		jdbc.update("INSERT INTO bookings (booking_reference, guest_name, hotel_id, room_type, check_in_date, "
				+ "check_out_date, booking_status, payment_status, total_amount, currency) "
				+ "VALUES ('BK1', 'Guest', 1, 'suite', '2025-01-01', '2025-01-03', 'completed', 'paid', 100, 'EUR')");
		Cli cli = new Cli(database);

		Cli.Result refused = cli.run("migrate");
		Cli.Result takenOver = cli.run("migrate", "--baseline");

		assertThat(refused.exit()).isEqualTo(ExitCodes.FAILED);
		assertThat(refused.err()).containsIgnoringCase("baseline");
		assertThat(takenOver.exit()).as(takenOver.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(takenOver.out()).contains("is at schema version " + LATEST);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM bookings", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT type FROM flyway_schema_history WHERE version = '1'", String.class))
			.isEqualTo("BASELINE");
		assertThat(validIndex(jdbc, "idx_bookings_archive_candidates")).isTrue();
	}

	@Test
	void jobsRefuseAnExternalDatabaseThatIsNotMigrated() {
		DatabaseTarget database = TestDatabase.empty(getClass());

		Cli.Result result = new Cli(database).run("run", "verify-integrity");

		assertThat(result.exit()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("Run `migrate` first");
	}

	@Test
	void anExternalDatabaseLackingARepeatableMigrationIsRefusedNamingIt() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		// As a database migrated by an earlier build, before lifecycle_row_count existed.
		TestDatabase.jdbc(database)
			.update("DELETE FROM flyway_schema_history WHERE script = 'R__lifecycle_row_count.sql'");

		Cli.Result result = new Cli(database).run("status");

		assertThat(result.exit()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("lacks migrations R__lifecycle_row_count.sql")
			.contains("Run `migrate` first");
	}

	private static String columnType(JdbcTemplate jdbc, String table, String column) {
		return jdbc.queryForObject(
				"SELECT udt_name FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
				String.class, table, column);
	}

	private static boolean validIndex(JdbcTemplate jdbc, String index) {
		return Boolean.TRUE.equals(jdbc.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = ?::regclass",
				Boolean.class, index));
	}

	private static String classpath(String path) throws IOException {
		try (InputStream in = SchemaMigrationsIntegrationTests.class.getClassLoader().getResourceAsStream(path)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
