package org.bookinglifecycle.anonymize;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's opponent of anonymize-guests (the job's chunk statement over every due id
 * at once) against the job on two identical databases: the same history rows, audit
 * payloads, login rows and GDPR_ANONYMIZE entries afterwards, row for row, so the bench
 * compares equal work. The statement's side is a copy of the job's, taken before the run.
 */
class AnonymizeBaselineIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	@Test
	void theStatementLeavesWhatTheJobLeaves() {
		DatabaseTarget jobSide = prepared();
		DatabaseTarget statementSide = copy(jobSide);
		JdbcTemplate job = TestDatabase.jdbc(jobSide);
		JdbcTemplate statement = TestDatabase.jdbc(statementSide);
		AnonymizeBaseline baseline = new AnonymizeBaseline(
				MaskingRules.load(new FileSystemResource("jobs/anonymize-guests.yml")));
		long due = job.queryForObject(
				"SELECT count(*) FROM booking_history WHERE anonymization IS NULL AND check_out_date < ?", Long.class,
				AS_OF.minusYears(2));

		Cli.Result run = new Cli(jobSide).run("run", "anonymize-guests", "asOf=" + AS_OF, "chunkSize=50");
		long masked = baseline.run(statement, AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(due).as("a realistic share of the history is due, not all of it")
			.isGreaterThan(100)
			.isLessThan(job.queryForObject("SELECT count(*) FROM booking_history", Long.class));
		assertThat(masked).isEqualTo(due);
		assertThat(baseline.done(statement)).isEqualTo(due);
		assertThat(baseline.done(job)).isEqualTo(due);
		assertThat(history(statement)).isEqualTo(history(job));
		assertThat(audit(statement)).isEqualTo(audit(job));
		assertThat(entries(statement)).isEqualTo(entries(job)).hasSize((int) due);
		assertThat(statement.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE resource_type = 'USER' AND ip_address = '198.51.100.0'",
				Long.class))
			.as("the shared guest's logins before the limit")
			.isEqualTo(2);
	}

	// --- fixtures

	/**
	 * A database with the seed, the night's jobs before anonymize-guests, and one guest
	 * account whose two due stays are far apart (in different chunks of the job) with
	 * logins on both sides of the limit.
	 */
	private static DatabaseTarget prepared() {
		DatabaseTarget database = TestDatabase.migrated(AnonymizeBaselineIntegrationTests.class);
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(1500, 5, 23, AS_OF), (done) -> {
		});
		Cli cli = new Cli(database);
		assertThat(cli.run("run", "archive-bookings", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(cli.run("run", "backfill-audit-log-ids", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update("""
				UPDATE audit_logs SET user_id = 77000001
				WHERE action = 'BOOKING_CREATED' AND resource_type = 'BOOKING' AND resource_id IN (
				  (SELECT min(original_booking_id) FROM booking_history WHERE check_out_date < ?),
				  (SELECT max(original_booking_id) FROM booking_history WHERE check_out_date < ?))""",
				AS_OF.minusYears(2), AS_OF.minusYears(2));
		jdbc.update("""
				INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address, created_at)
				VALUES (77000001, 'USER_LOGIN', 'USER', 77000001, '{"ip": "198.51.100.7"}', '198.51.100.7', ?),
				       (77000001, 'USER_LOGIN', 'USER', 77000001, '{"ip": "198.51.100.8"}', '198.51.100.8', ?),
				       (77000001, 'USER_LOGIN', 'USER', 77000001, '{"ip": "198.51.100.9"}', '198.51.100.9', ?)""",
				AS_OF.minusYears(4).atStartOfDay(), AS_OF.minusYears(3).atStartOfDay(),
				AS_OF.minusDays(3).atStartOfDay());
		return database;
	}

	/**
	 * A copy of a database (CREATE DATABASE ... TEMPLATE, as the bench clones its
	 * template), so both sides start identical, archived_at of the archived rows too.
	 */
	private static DatabaseTarget copy(DatabaseTarget database) {
		String name = TestDatabase.jdbc(database).queryForObject("SELECT current_database()", String.class);
		TestDatabase.jdbc(database.withDatabase("postgres"))
			.execute("CREATE DATABASE " + name + "_copy TEMPLATE " + name);
		return database.withDatabase(name + "_copy");
	}

	/** Every history row, with its trail less the GDPR entry and that entry's payload. */
	private static List<String> history(JdbcTemplate jdbc) {
		return jdbc.queryForList("""
				SELECT concat_ws('|', h.id, h.original_booking_id, h.guest_name, h.guest_email, h.guest_phone,
				         h.special_requests, h.data_hash, h.is_anonymized, h.anonymization, h.anonymized_at IS NOT NULL,
				         (SELECT array_agg(x ORDER BY o) FROM unnest(h.audit_log_ids) WITH ORDINALITY u (x, o)
				          WHERE x NOT IN (SELECT id FROM audit_logs WHERE action = 'GDPR_ANONYMIZE'))::text,
				         (SELECT a.new_values::text FROM audit_logs a
				          WHERE a.id = h.audit_log_ids[cardinality(h.audit_log_ids)] AND a.action = 'GDPR_ANONYMIZE'
				            AND a.resource_id = h.original_booking_id))
				FROM booking_history h ORDER BY h.id""", String.class);
	}

	/** Every audit row but the GDPR entries (whose ids and times differ by design). */
	private static List<String> audit(JdbcTemplate jdbc) {
		return jdbc.queryForList("""
				SELECT concat_ws('|', a.id, a.user_id, a.action, a.resource_type, a.resource_id, a.old_values,
				         a.new_values, a.metadata, a.ip_address)
				FROM audit_logs a WHERE a.action <> 'GDPR_ANONYMIZE' ORDER BY a.id""", String.class);
	}

	/** The GDPR entries, by booking. */
	private static List<String> entries(JdbcTemplate jdbc) {
		return jdbc.queryForList(
				"""
						SELECT concat_ws('|', a.resource_type, a.resource_id, a.new_values, a.metadata ->> 'job', a.retention_tier)
						FROM audit_logs a WHERE a.action = 'GDPR_ANONYMIZE' ORDER BY a.resource_id""",
				String.class);
	}

}
