package org.bookinglifecycle.pii;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scan-pii on the embedded PostgreSQL: clean after anonymize-guests on the seed's
 * platform; values planted in rows on both sides of the limit (a new JSON key, free text,
 * a full IP address) each found once past the limit, named by table, column and key path,
 * never printed, and not found in the younger stay.
 */
class ScanPiiIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	/**
	 * asOf minus P2Y: a check-out on this date is not past the limit, the day before is.
	 */
	private static final LocalDate LIMIT = LocalDate.parse("2024-11-26");

	private static final long YOUNG = 9_000_001L;

	private static final long DUE = 9_000_002L;

	private static final String PLANTED_EMAIL = "planted.mail@example.net";

	private static final String PLANTED_PHONE = "+44 20 7946 0958";

	private static final String PLANTED_IP = "198.51.100.77";

	@Test
	void afterAnonymizationTheSeedsPlatformIsClean() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(1500, 5, 23, AS_OF), (done) -> {
		});
		Cli cli = new Cli(database);
		Cli.Result before = cli.run("run", "scan-pii", "asOf=" + AS_OF, "--dry-run");
		assertThat(cli.run("run", "anonymize-guests", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);

		Cli.Result scan = cli.run("run", "scan-pii", "asOf=" + AS_OF);
		Cli.Result status = cli.run("status");

		// before the anonymization, the seed's stays past the limit are all findings (a
		// dry run: nothing recorded)
		assertThat(before.exit()).as(before.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(before.out()).contains("booking_history.guest_email email=")
			.contains("booking_history.guest_name not masked=")
			.contains("audit_logs.new_values guest.email email=")
			.contains("audit_logs.new_values payer_name guest value=")
			.contains("dry run: nothing recorded");
		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(scan.out()).contains("PII left: none");
		long scanned = jdbc.queryForObject("SELECT bookings_scanned FROM pii_scans", Long.class);
		assertThat(scanned)
			.isEqualTo(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE check_out_date < ?", Long.class,
					LIMIT))
			.isGreaterThan(100);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pii_findings", Long.class)).isZero();
		assertThat(status.out()).containsPattern(
				"PII left past the limit \\(last scan, asOf " + AS_OF + ", execution \\d+\\)\\s*\\|?\\s*0\\b");
	}

	@Test
	void eachPlantedValuePastTheLimitIsOneFindingAndTheYoungerStayNone() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		history(jdbc, YOUNG, LIMIT, "Young Guest", "young.guest@example.org", "+1 555 0101");
		history(jdbc, DUE, LIMIT.minusDays(1), "Due Guest", "due.guest@example.org", "+1 555 0202");
		assertThat(cli.run("run", "anonymize-guests", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		for (long booking : List.of(YOUNG, DUE)) {
			// an email under a key no rule names, in one audit row of the booking
			jdbc.update("UPDATE audit_logs SET new_values = new_values || jsonb_build_object('contact',"
					+ " jsonb_build_object('alt_email', ?)) WHERE resource_type = 'BOOKING' AND resource_id = ?"
					+ " AND action = 'BOOKING_CREATED'", PLANTED_EMAIL, booking);
			// a phone number in free text
			jdbc.update("UPDATE booking_history SET special_requests = ? WHERE original_booking_id = ?",
					"call me on " + PLANTED_PHONE, booking);
			// a full IP address
			jdbc.update("UPDATE audit_logs SET ip_address = ? WHERE resource_type = 'BOOKING' AND resource_id = ?"
					+ " AND action = 'BOOKING_UPDATED'", PLANTED_IP, booking);
		}

		Cli.Result scan = cli.run("run", "scan-pii", "asOf=" + AS_OF);

		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(jdbc.queryForList("SELECT table_name || '.' || column_name || ' ' || json_path || ' ' || kind"
				+ " || '=' || rows FROM pii_findings ORDER BY 1", String.class))
			.containsExactly("audit_logs.ip_address  ip address=1", "audit_logs.new_values contact.alt_email email=1",
					"booking_history.special_requests  phone=1");
		assertThat(jdbc.queryForObject("SELECT bookings_scanned || ' ' || findings FROM pii_scans", String.class))
			.isEqualTo("1 3");
		Matcher execution = Pattern.compile("[Ee]xecution (\\d+)").matcher(scan.out());
		assertThat(execution.find()).as(scan.out()).isTrue();
		Cli.Result show = cli.run("show", execution.group(1));
		Cli.Result status = cli.run("status");
		assertThat(show.out())
			.contains("PII finding (pii_findings): audit_logs.new_values contact.alt_email email rows=1")
			.contains("PII finding (pii_findings): booking_history.special_requests phone rows=1")
			.contains("PII finding (pii_findings): audit_logs.ip_address ip address rows=1");
		assertThat(status.out()).containsPattern(
				"PII left past the limit \\(last scan, asOf " + AS_OF + ", execution \\d+\\)\\s*\\|?\\s*3\\b");
		for (Cli.Result result : List.of(scan, show, status)) {
			assertThat(result.out() + result.err()).doesNotContain(PLANTED_EMAIL)
				.doesNotContain(PLANTED_PHONE)
				.doesNotContain(PLANTED_IP)
				.doesNotContain("Due Guest");
		}
	}

	@Test
	void withoutTheAnonymizationLimitTheScanIsRefusedBeforeAnyWork() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result scan = cli.runWithJobFile("anonymize-guests.yml", (yml) -> yml.replace("  after: P2Y\n", ""), "run",
				"scan-pii", "asOf=" + AS_OF);

		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(scan.err()).contains("anonymize.after is not set in jobs/anonymize-guests.yml");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pii_scans", Long.class)).isZero();
	}

	@ParameterizedTest(name = "JVM in {0}, database in {1}")
	@CsvSource({ "Pacific/Kiritimati, America/Anchorage", "America/Anchorage, Pacific/Kiritimati" })
	void aLoginIsInScopeWhenCreatedBeforeTheLimitsFirstInstantInUtcWhateverTheZones(String jvmZone, String dbZone) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.execute("ALTER DATABASE " + jdbc.queryForObject("SELECT current_database()", String.class)
				+ " SET timezone = '" + dbZone + "'");
		Cli cli = new Cli(database);
		long user = GuestFixtures.stayWithTrail(jdbc, DUE, LIMIT.minusDays(1), "Due Guest", "due.guest@example.org",
				"+1 555 0202");
		assertThat(cli.run("run", "anonymize-guests", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		// logins of her account left unmasked a second before, at and a second after the
		// limit's first instant in UTC
		String[] at = { LIMIT.minusDays(1) + " 23:59:59+00", LIMIT + " 00:00:00+00", LIMIT + " 00:00:01+00" };
		for (int i = 0; i < at.length; i++) {
			jdbc.update(
					"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address,"
							+ " created_at) VALUES (?, 'USER_LOGIN', 'USER', ?, jsonb_build_object('ip', ?), ?,"
							+ " CAST(? AS TIMESTAMPTZ))",
					user, user, "198.51.100." + (i + 1), "198.51.100." + (i + 1), at[i]);
		}
		TimeZone before = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(jvmZone)));
		Cli.Result scan;
		try {
			scan = cli.run("run", "scan-pii", "asOf=" + AS_OF);
		}
		finally {
			TimeZone.setDefault(before);
		}

		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(jdbc.queryForList("SELECT table_name || '.' || column_name || ' ' || json_path || ' ' || kind"
				+ " || '=' || rows FROM pii_findings ORDER BY 1", String.class))
			.containsExactly("audit_logs.ip_address  ip address=1", "audit_logs.new_values ip ip address=1");
	}

	// --- fixtures: one stay with its trail (nested and array payloads) and a login of
	// its
	// guest

	private static void history(JdbcTemplate jdbc, long bookingId, LocalDate checkOut, String name, String email,
			String phone) {
		long guestUser = GuestFixtures.stayWithTrail(jdbc, bookingId, checkOut, name, email, phone);
		jdbc.update("""
				INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address, created_at)
				VALUES (?, 'USER_LOGIN', 'USER', ?, jsonb_build_object('ip', '203.0.113.57'), '203.0.113.57', ?)""",
				guestUser, guestUser, checkOut.minusDays(35).atStartOfDay());
	}

}
