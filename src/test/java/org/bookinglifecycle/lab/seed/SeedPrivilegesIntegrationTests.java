package org.bookinglifecycle.lab.seed;

import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code seed} through the CLI as a user that owns nothing: enough with SELECT and INSERT
 * on the three tables, UPDATE on their sequences and SELECT on the schema history;
 * refused with every missing privilege named, and nothing written, otherwise.
 */
class SeedPrivilegesIntegrationTests {

	private static final List<String> TABLES = List.of("bookings", "booking_history", "audit_logs");

	private static final String PASSWORD = "seed-test";

	@Test
	void aUserWithoutOwnershipSeedsLegacyAuditRowsAndTheTriggerStillDatesOthers() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate owner = TestDatabase.jdbc(database);
		String user = writer(owner, "seed_writer", List.of());

		Cli.Result result = seed(database, user);

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count(owner, "SELECT count(*) FROM bookings") + count(owner, "SELECT count(*) FROM booking_history"))
			.isEqualTo(3000);
		assertThat(count(owner, "SELECT count(*) FROM booking_history")).isPositive();
		assertThat(count(owner, "SELECT count(*) FROM audit_logs")).isPositive();
		assertThat(count(owner,
				"SELECT count(*) FROM audit_logs WHERE retention_tier IS NOT NULL "
						+ "OR data_retention_expires_at IS NOT NULL"))
			.as("seeded audit rows look like the legacy platform's")
			.isZero();
		assertThat(owner.queryForObject("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_logs_set_retention'",
				String.class))
			.isEqualTo("O");

		owner.update("INSERT INTO lifecycle_retention_periods (tier, years) "
				+ "VALUES ('critical', 7), ('standard', 3), ('system', 1) ON CONFLICT DO NOTHING");
		long id = owner.queryForObject(
				"INSERT INTO audit_logs (action, resource_type, created_at) "
						+ "VALUES ('PAYMENT_RECEIVED', 'booking', TIMESTAMPTZ '2026-01-10 12:00:00+00') RETURNING id",
				Long.class);

		assertThat(id).as("the sequence was moved past the seeded rows")
			.isGreaterThan(count(owner, "SELECT max(id) FROM audit_logs WHERE id <> " + id));
		assertThat(owner.queryForObject("SELECT retention_tier FROM audit_logs WHERE id = ?", String.class, id))
			.isEqualTo("critical");
		assertThat(owner.queryForObject(
				"SELECT data_retention_expires_at = TIMESTAMPTZ '2033-01-10 12:00:00+00' FROM audit_logs WHERE id = ?",
				Boolean.class, id))
			.isTrue();
	}

	@Test
	void aUserMissingPrivilegesIsRefusedWithEachNamedAndNothingIsWritten() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate owner = TestDatabase.jdbc(database);
		String user = writer(owner, "seed_short", List.of("REVOKE UPDATE ON SEQUENCE audit_logs_id_seq FROM %s",
				"REVOKE INSERT ON booking_history FROM %s"));

		Cli.Result result = seed(database, user);

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains(user)
			.contains("UPDATE on sequence public.audit_logs_id_seq")
			.contains("INSERT on table booking_history")
			.doesNotContain("INSERT on table bookings")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		for (String table : TABLES) {
			assertThat(count(owner, "SELECT count(*) FROM " + table)).as(table).isZero();
		}
	}

	@Test
	void aUserThatCannotReadTheSchemaHistoryIsRefusedBeforeSeeding() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate owner = TestDatabase.jdbc(database);
		String user = writer(owner, "seed_blind", List.of("REVOKE SELECT ON flyway_schema_history FROM %s"));

		Cli.Result result = seed(database, user);

		assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(result.err()).contains(user).contains("SELECT on table flyway_schema_history");
		for (String table : TABLES) {
			assertThat(count(owner, "SELECT count(*) FROM " + table)).as(table).isZero();
		}
	}

	private static Cli.Result seed(DatabaseTarget database, String user) {
		return new Cli(database).run("seed", "--bookings", "3000", "--until", "2026-11-25", "--db-user", user,
				"--db-password", PASSWORD);
	}

	/**
	 * A login role that owns nothing, with SELECT and INSERT on the three tables, USAGE
	 * and UPDATE on their id sequences and SELECT on the schema history (every command
	 * checks the schema version), then the revokes given. Roles are the server's, so the
	 * name carries the database's.
	 */
	private static String writer(JdbcTemplate owner, String prefix, List<String> revokes) {
		String role = prefix + "_" + owner.queryForObject("SELECT current_database()", String.class);
		owner.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
		owner.execute("GRANT SELECT, INSERT ON bookings, booking_history, audit_logs TO " + role);
		owner.execute("GRANT SELECT ON flyway_schema_history TO " + role);
		owner.execute("GRANT USAGE, UPDATE ON SEQUENCE bookings_id_seq, booking_history_id_seq, audit_logs_id_seq TO "
				+ role);
		revokes.forEach((revoke) -> owner.execute(String.format(revoke, role)));
		return role;
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

}
