package org.bookinglifecycle.anonymize;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
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
 * erase-guest on the embedded PostgreSQL: one guest's stays of every age, a finished
 * booking never archived, logins, another guest beside them; the address given on
 * standard input.
 */
class EraseGuestIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	@Test
	void aGuestIsErasedEverywhereWithASignedReceiptAndTheAddressIsNeverStored() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		guest(jdbc);
		Cli cli = new Cli(database);

		Cli.Result run = withStdin(" Erin@Example.ORG \n",
				() -> cli.run("run", "erase-guest", "guestEmail=-", "asOf=" + AS_OF));
		Cli.Result verify = cli.run("run", "verify-integrity", "asOf=" + AS_OF);
		Cli.Result scan = cli.run("run", "scan-pii", "asOf=" + AS_OF);
		Cli.Result show = cli.run("show",
				String.valueOf(jdbc.queryForObject("SELECT max(job_execution_id) FROM"
						+ " batch_job_execution e JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name ="
						+ " 'erase-guest'", Long.class)));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		// every copy of the guest: both history rows (a recent stay too), the booking
		// never
		// archived, every audit payload of those bookings, the guest's logins
		assertThat(jdbc.queryForList("SELECT guest_name || '|' || anonymization FROM booking_history"
				+ " WHERE original_booking_id IN (8100001, 8100002) ORDER BY 1", String.class))
			.containsExactly("Anonymous Guest|anonymized", "Anonymous Guest|anonymized");
		assertThat(jdbc.queryForObject("SELECT guest_name || '|' || guest_email FROM bookings WHERE id = 8100003",
				String.class))
			.isEqualTo("Anonymous Guest|guest8100003@anonymized.local");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE lower(CAST(audit_logs AS TEXT))" + " LIKE '%erin%'", Long.class))
			.isZero();
		assertThat(jdbc.queryForObject(
				"SELECT ip_address FROM audit_logs WHERE action = 'USER_LOGIN'" + " AND resource_id = 55500001",
				String.class))
			.isEqualTo("198.51.100.0");
		// the other guest is untouched
		assertThat(jdbc.queryForObject("SELECT guest_name FROM booking_history WHERE original_booking_id = 8200001",
				String.class))
			.isEqualTo("Other Guest");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ERASE'", Long.class))
			.isEqualTo(2);
		// the address is stored nowhere: the parameter is its HMAC under the erasure key
		String stored = jdbc.queryForObject(
				"SELECT parameter_value FROM batch_job_execution_params" + " WHERE parameter_name = 'guestEmail'",
				String.class);
		assertThat(stored)
			.isEqualTo("hmac-sha256:" + Hmac.sha256Hex(System.getenv(ParameterSpec.ERASURE_KEY), "erin@example.org"));
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM batch_job_execution_params WHERE parameter_value" + " ILIKE '%erin%'",
				Long.class))
			.isZero();
		// the receipt: three bookings by reference, residual 0, signed over its stored
		// text
		Map<String, Object> receipt = jdbc.queryForMap("SELECT receipt::text AS text, signature,"
				+ " jsonb_array_length(receipt -> 'bookings') AS bookings, receipt ->> 'residual' AS residual"
				+ " FROM lifecycle_erasure_receipts");
		assertThat(receipt.get("bookings")).isEqualTo(3);
		assertThat(receipt.get("residual")).isEqualTo("0");
		assertThat(receipt.get("signature"))
			.isEqualTo(Hmac.sha256Hex(System.getenv(ParameterSpec.ERASURE_KEY), (String) receipt.get("text")));
		assertThat((String) receipt.get("text")).contains("ERIN-1").doesNotContainIgnoringCase("erin@");
		assertThat(show.out()).contains("erasure receipt:").contains("\"residual\": 0");
		assertThat(verify.exit()).as(verify.toString()).isEqualTo(ExitCodes.COMPLETED);
		// the PII scan looks at the erased guest's bookings whatever their age, and finds
		// nothing
		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT bookings_scanned FROM pii_scans", Long.class)).isGreaterThanOrEqualTo(3);
		assertThat(run.out() + run.err() + show.out()).doesNotContainIgnoringCase("erin@example");

		// for the data-protection officer: the receipt alone, and its signature checked
		long execution = jdbc.queryForObject("SELECT job_execution_id FROM lifecycle_erasure_receipts", Long.class);
		Cli.Result json = cli.run("erasure-receipt", String.valueOf(execution), "--json");
		Cli.Result checked = cli.run("erasure-receipt", String.valueOf(execution));
		jdbc.update("UPDATE lifecycle_erasure_receipts SET receipt = jsonb_set(receipt, '{residual}', '5')");
		Cli.Result edited = cli.run("erasure-receipt", String.valueOf(execution));
		Cli.Result none = cli.run("erasure-receipt", "999999");

		assertThat(json.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(json.out().strip()).isEqualTo(receipt.get("text"));
		assertThat(checked.out()).contains(": valid");
		assertThat(edited.exit()).isEqualTo(ExitCodes.FAILED);
		assertThat(edited.out()).contains("DOES NOT MATCH");
		assertThat(none.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
	}

	@Test
	void anExportWritesEverythingAboutTheGuestToTheFileAndOnlyCountsElsewhere() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		guest(jdbc);
		Cli cli = new Cli(database);
		Path directory = Files.createTempDirectory("export-guest");
		Path file = directory.resolve("request-4711.json"); // its name is stored: never
															// the guest's

		Cli.Result run = withStdin("erin@example.org\n",
				() -> cli.run("run", "export-guest", "guestEmail=-", "file=" + file, "asOf=" + AS_OF));
		Cli.Result again = cli.run("run", "export-guest", "guestEmail=other@example.org", "file=" + file);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		// the guest's two history rows, the booking still in bookings, their audit events
		// and the
		// login; not the other guest
		assertThat(run.out()).contains("exported: bookings=1, booking_history=2, audit events=3, logins=1");
		String document = Files.readString(file);
		assertThat(document).contains("ERIN-1", "ERIN-2", "ERIN-3", "198.51.100.23", "erin@example.org")
			.doesNotContain("OTHER-1")
			.doesNotContain("other@example.org");
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
				java.nio.file.attribute.PosixFilePermission.OWNER_READ,
				java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		assertThat(run.out() + run.err()).doesNotContainIgnoringCase("erin@example");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM batch_job_execution_params WHERE parameter_value" + " ILIKE '%erin%'",
				Long.class))
			.isZero();
		// a file that exists is never overwritten: refused before any work
		assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(again.err()).contains("Parameter file=").contains("a file that does not exist yet");
		assertThat(Files.readString(file)).isEqualTo(document);
	}

	@Test
	void aBookingReferenceFindsTheSameGuestAndExactlyOneWayInIsRequired() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		guest(jdbc);
		Cli cli = new Cli(database);

		Cli.Result both = cli.run("run", "erase-guest", "bookingReference=ERIN-2", "guestEmail=erin@example.org");
		Cli.Result neither = cli.run("run", "erase-guest", "asOf=" + AS_OF);
		Cli.Result unknown = cli.run("run", "erase-guest", "bookingReference=NOPE-1");
		Cli.Result byReference = cli.run("run", "erase-guest", "bookingReference=ERIN-2", "asOf=" + AS_OF);

		assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(both.err()).contains("give exactly one of guestEmail").doesNotContain("erin@example");
		assertThat(neither.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknown.err()).contains("bookingReference NOPE-1 names no booking");
		assertThat(byReference.exit()).as(byReference.toString()).isEqualTo(ExitCodes.COMPLETED);
		// the reference's email (in another case than ERIN-1's) finds all three of the
		// guest's
		// bookings
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_erasure_bookings", Long.class)).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE guest_name = 'Erin Example'",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT guest_name FROM booking_history WHERE original_booking_id = 8200001",
				String.class))
			.isEqualTo("Other Guest");
	}

	@Test
	void aGuestWithAStayNotFinishedIsRefusedAndNothingIsMasked() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		guest(jdbc);
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, guest_email, hotel_id, room_type,"
				+ " check_in_date, check_out_date, booking_status, payment_status, total_amount, currency)"
				+ " VALUES (8100004, 'ERIN-4', 'Erin Example', 'erin@example.org', 1, 'standard', ?, ?,"
				+ " 'confirmed', 'paid', 90.00, 'EUR')", AS_OF.plusDays(10), AS_OF.plusDays(12));
		Cli cli = new Cli(database);

		Cli.Result run = withStdin("erin@example.org\n",
				() -> cli.run("run", "erase-guest", "guestEmail=-", "asOf=" + AS_OF));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.out() + run.err()).contains("refused").contains("ERIN-4").doesNotContain("erin@example");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE guest_name = 'Erin Example'",
				Long.class))
			.isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ERASE'", Long.class))
			.isZero();
	}

	@Test
	void aMissingKeyOrANonAddressIsRefusedBeforeAnyWorkWithoutShowingTheValue() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Path log = ChildProcess.logFile();
		Map<String, String> withoutKey = new HashMap<>();
		withoutKey.put(ParameterSpec.ERASURE_KEY, null);

		Process child = ChildProcess.startWithEnvironment(withoutKey, log, "run", "erase-guest", "guestEmail=-",
				"--db-url", database.url());
		child.getOutputStream().write("erin@example.org\n".getBytes(StandardCharsets.UTF_8));
		child.getOutputStream().close();
		assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
		Cli.Result notAnAddress = new Cli(database).run("run", "erase-guest", "guestEmail=erin-at-example");

		assertThat(child.exitValue()).isEqualTo(ExitCodes.USAGE);
		assertThat(Files.readString(log)).contains(ParameterSpec.ERASURE_KEY).doesNotContain("erin@example");
		assertThat(notAnAddress.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(notAnAddress.err()).contains("is not an email address (the value is not shown)")
			.doesNotContain("erin-at-example");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isZero();
	}

	private static void guest(JdbcTemplate jdbc) {
		GuestFixtures.erin(jdbc, AS_OF);
	}

	static Cli.Result withStdin(String text, java.util.function.Supplier<Cli.Result> command) {
		InputStream original = System.in;
		System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
		try {
			return command.get();
		}
		finally {
			System.setIn(original);
		}
	}

}
