package org.bookinglifecycle.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMigrationsIntegrationTests {

	private static final String LATEST = "34";

	@Test
	void migrateBuildsTheWholeSchemaOnAnEmptyDatabase() {
		DatabaseTarget database = TestDatabase.empty(getClass());

		Cli.Result result = new Cli(database).run("migrate");

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(result.out()).contains("is at schema version " + LATEST)
			.contains("applied repeatable audit logs set retention");
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
	void aDatabaseFoundCurrentIsCheckedAgainOnceItsHistoryChanges() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
		assertThat(migrations.pending()).isEmpty();
		assertThat(migrations.pending()).as("found current, kept as such by this process").isEmpty();

		// the history changes under the same process (a restored backup, an edited row)
		TestDatabase.jdbc(database)
			.update("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version IS NULL"
					+ " AND description = 'audit logs set retention'");

		assertThat(migrations.pending()).extracting(MigrationInfo::getDescription)
			.containsExactly("audit logs set retention");
		Cli.Result result = new Cli(database).run("run", "verify-integrity");
		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("Run `migrate` first");
	}

	@Test
	void jobsNameAChangedRepeatableMigrationAnExternalDatabaseLacks() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		TestDatabase.jdbc(database)
			.update("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version IS NULL");

		Cli.Result result = new Cli(database).run("run", "verify-integrity");

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains("audit logs set retention").contains("Run `migrate` first");
	}

	@Test
	void aDatabaseMigratedToV12PicksUpTheRepeatableFunctionsAndThePeriods() throws IOException {
		DatabaseTarget database = TestDatabase.empty(getClass());
		Flyway.configure()
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.dataSource(database.dataSource())
			.locations(SchemaMigrations.LOCATION)
			.target("12")
			// as a database migrated by a build of V12, before the repeatable migrations
			.repeatableSqlMigrationPrefix("NONE")
			.load()
			.migrate();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(
				jdbc.queryForObject("SELECT count(*) FROM pg_proc WHERE proname = 'archive_due_before'", Integer.class))
			.as("at V12 the function of the repeatable migration is not there yet")
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_retention_periods", Integer.class)).isZero();

		Cli.Result migrate = new Cli(database).run("migrate");

		assertThat(migrate.exit()).as(migrate.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(migrate.out()).contains("applied repeatable archive rule functions")
			.contains("retention periods of jobs/purge-retention.yml in the database, written for critical, "
					+ "standard, system");
		String repeatable = classpath("sql/migration/R__archive_rule_functions.sql");
		for (String function : List.of("archive_rule_match", "archive_data_problem", "archive_due_before")) {
			String body = jdbc.queryForObject("SELECT prosrc FROM pg_proc WHERE proname = ?", String.class, function);
			assertThat(repeatable).as("%s is the text of the repeatable migration", function).contains(body.strip());
		}
		assertThat(jdbc.queryForList("SELECT tier || '=' || years FROM lifecycle_retention_periods ORDER BY tier",
				String.class))
			.as("the periods are in the database from migrate on")
			.containsExactly("critical=7", "standard=3", "system=1");
		jdbc.update("INSERT INTO audit_logs (action, resource_type, created_at) "
				+ "VALUES ('BOOKING_UPDATED', 'BOOKING', TIMESTAMPTZ '2026-01-01 00:00:00+00')");
		assertThat(jdbc.queryForObject(
				"SELECT data_retention_expires_at = TIMESTAMPTZ '2029-01-01 00:00:00+00' FROM audit_logs",
				Boolean.class))
			.as("a platform INSERT right after migrate is dated")
			.isTrue();
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
