package org.bookinglifecycle.anonymize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.Hmac;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pseudonymization through anonymize-guests, with the key from its variable, in a process
 * of its own: the row stays personal data ({@code is_anonymized} false), the guest gets
 * one pseudonym in every table and path (as {@code javax.crypto} computes it), the row
 * keeps her key so that a later erasure finds it, and that erasure replaces every
 * pseudonym irreversibly.
 */
class PseudonymizationIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	private static final String PSEUDONYM_KEY = "test-pseudonym-key-not-a-secret";

	@Test
	void aPseudonymizedStayStaysPersonalDataOneGuestOnePseudonymAndALaterErasureReplacesEveryOne() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		Path jobs = Files.createTempDirectory("jobs");
		Files.writeString(jobs.resolve("anonymize-guests.yml"),
				Files.readString(Path.of("jobs/anonymize-guests.yml"))
					.replace("guest_name: { strategy: constant, value: \"Anonymous Guest\" }",
							"guest_name: { strategy: pseudonym }")
					.replace("guest_email: { strategy: template, value: \"guest{id}@anonymized.local\" }",
							"guest_email: { strategy: pseudonym }")
					.replace("guest.email: { strategy: template, value: \"guest{id}@anonymized.local\" }",
							"guest.email: { strategy: pseudonym }")
					.replace("guest.name: { strategy: constant, value: \"Anonymous Guest\" }",
							"guest.name: { strategy: pseudonym }")
					.replace("payer_email: { strategy: template, value: \"guest{id}@anonymized.local\" }",
							"payer_email: { strategy: pseudonym }"));
		Path log = ChildProcess.logFile();

		Process child = ChildProcess.startWithEnvironment(
				Map.of("LIFECYCLE_PSEUDONYM_KEY", PSEUDONYM_KEY, "LIFECYCLE_JOBS_DIR", jobs.toString()), log, "run",
				"anonymize-guests", "asOf=" + AS_OF, "--db-url", database.url());
		assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();

		assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.COMPLETED);
		String email = "pseud-" + Hmac.sha256Hex(PSEUDONYM_KEY, "erin@example.org").substring(0, 20);
		String name = "pseud-" + Hmac.sha256Hex(PSEUDONYM_KEY, "erin example").substring(0, 20);
		// the stay three years ago: pseudonymized, still personal data, linkable by key
		assertThat(jdbc.queryForMap("SELECT guest_name, guest_email, anonymization, is_anonymized, guest_key"
				+ " FROM booking_history WHERE original_booking_id = 8100002"))
			.containsEntry("guest_name", name)
			.containsEntry("guest_email", email)
			.containsEntry("anonymization", "pseudonymized")
			.containsEntry("is_anonymized", false)
			.containsEntry("guest_key",
					"hmac-sha256:" + Hmac.sha256Hex(System.getenv(ParameterSpec.ERASURE_KEY), "erin@example.org"));
		// one guest, one pseudonym: in the history row and at every path of her audit row
		assertThat(jdbc
			.queryForObject("SELECT concat_ws('|', new_values #>> '{guest,email}', new_values ->> 'payer_email',"
					+ " new_values #>> '{guest,name}') FROM audit_logs WHERE resource_id = 8100002"
					+ " AND action = 'BOOKING_CREATED'", String.class))
			.isEqualTo(email + "|" + email + "|" + name);
		// the stay a week ago is not due
		assertThat(jdbc.queryForObject("SELECT guest_email || '|' || COALESCE(anonymization, '-') FROM booking_history"
				+ " WHERE original_booking_id = 8100001", String.class))
			.isEqualTo("Erin@Example.org|-");

		// a later erasure of the guest finds the pseudonymized stay and replaces every
		// pseudonym irreversibly
		Cli.Result erase = new Cli(database).run("run", "erase-guest", "guestEmail=erin@example.org",
				"asOf=" + AS_OF.plusDays(1));

		assertThat(erase.exit()).as(erase.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList("SELECT original_booking_id || '|' || guest_name || '|' || anonymization || '|'"
				+ " || is_anonymized || '|' || COALESCE(guest_key, '-') FROM booking_history"
				+ " WHERE original_booking_id IN (8100001, 8100002) ORDER BY 1", String.class))
			.containsExactly("8100001|Anonymous Guest|anonymized|true|-", "8100002|Anonymous Guest|anonymized|true|-");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM (SELECT to_jsonb(h)::text AS t FROM booking_history h"
						+ " UNION ALL SELECT to_jsonb(a)::text FROM audit_logs a) x WHERE t LIKE '%pseud-%'",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject(
				"SELECT jsonb_array_length(receipt -> 'bookings') FROM lifecycle_erasure_receipts", Integer.class))
			.isEqualTo(3);
	}

}
