package org.bookinglifecycle.anonymize;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.TimeZone;
import java.util.function.Supplier;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logins anonymize-guests masks: those created before the limit's first instant in
 * UTC, whatever the zones of the JVM and the database (rows one second either side), in
 * the chunk that masks the guest's stay and in the step that masks the logins of guests
 * masked on earlier nights; and none while a legal hold names the guest's user or any of
 * the guest's bookings.
 */
class AnonymizeLoginsIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	/** asOf minus P2Y: logins created before 2024-11-26T00:00:00Z are masked. */
	private static final LocalDate LIMIT = LocalDate.parse("2024-11-26");

	private static final String MASKED = "198.51.100.0";

	@ParameterizedTest(name = "JVM in {0}, database in {1}")
	@CsvSource({ "Pacific/Kiritimati, America/Anchorage", "America/Anchorage, Pacific/Kiritimati" })
	void aLoginIsMaskedWhenCreatedBeforeTheLimitsFirstInstantInUtcWhateverTheZones(String jvmZone, String dbZone) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.execute("ALTER DATABASE " + jdbc.queryForObject("SELECT current_database()", String.class)
				+ " SET timezone = '" + dbZone + "'");
		// a guest whose stay is due tonight (masked by the chunk), and one masked on an
		// earlier night (her logins by the logins step)
		GuestFixtures.stayWithTrail(jdbc, 9_300_001L, LIMIT.minusDays(1), "Due Guest", "due@example.org",
				"+1 555 0301");
		GuestFixtures.stayWithTrail(jdbc, 9_300_002L, LIMIT.minusDays(40), "Earlier Guest", "earlier@example.org",
				"+1 555 0302");
		jdbc.update("UPDATE booking_history SET anonymization = 'anonymized', anonymized_at = now()"
				+ " WHERE original_booking_id = 9300002");
		long[] due = aroundTheLimit(jdbc, 77_000_001L);
		long[] earlier = aroundTheLimit(jdbc, 77_000_002L);
		Cli cli = new Cli(database);

		Cli.Result run = inTimeZone(jvmZone, () -> cli.run("run", "anonymize-guests", "asOf=" + AS_OF));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (long[] logins : new long[][] { due, earlier }) {
			assertThat(ip(jdbc, logins[0])).as("a second before the limit").isEqualTo(MASKED);
			assertThat(ip(jdbc, logins[1])).as("at the limit").isEqualTo("198.51.100.2");
			assertThat(ip(jdbc, logins[2])).as("a second after the limit").isEqualTo("198.51.100.3");
		}
	}

	@Test
	void aHoldOnAnyOfTheGuestsBookingsOrOnHerUserKeepsHerLogins() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// guest 77,000,001: a stay due tonight and a younger one under a hold; guest
		// 77,000,002: a stay due tonight, her user account under a hold
		GuestFixtures.stayWithTrail(jdbc, 9_400_001L, LIMIT.minusDays(1), "Due One", "one@example.org", "+1 555 0401");
		GuestFixtures.stayWithTrail(jdbc, 9_401_001L, AS_OF.minusDays(10), "Due One", "one@example.org", "+1 555 0401");
		GuestFixtures.stayWithTrail(jdbc, 9_400_002L, LIMIT.minusDays(1), "Due Two", "two@example.org", "+1 555 0402");
		long one = aroundTheLimit(jdbc, 77_000_001L)[0];
		long two = aroundTheLimit(jdbc, 77_000_002L)[0];
		Cli cli = new Cli(database);
		assertThat(cli.run("hold", "add", "BOOKING", "9401001", "--reason", "case 7").exit())
			.isEqualTo(ExitCodes.COMPLETED);
		assertThat(cli.run("hold", "add", "USER", "77000002", "--reason", "case 8").exit())
			.isEqualTo(ExitCodes.COMPLETED);

		Cli.Result run = cli.run("run", "anonymize-guests", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList("SELECT original_booking_id || ' ' || COALESCE(anonymization, '-')"
				+ " FROM booking_history ORDER BY 1", String.class))
			.containsExactly("9400001 anonymized", "9400002 anonymized", "9401001 -");
		assertThat(ip(jdbc, one)).as("a hold on one of her bookings").isEqualTo("198.51.100.1");
		assertThat(ip(jdbc, two)).as("a hold on her user").isEqualTo("198.51.100.1");

		// released, the next night masks them
		long hold = jdbc.queryForObject("SELECT id FROM legal_holds WHERE resource_id = 9401001", Long.class);
		assertThat(cli.run("hold", "release", String.valueOf(hold)).exit()).isEqualTo(ExitCodes.COMPLETED);
		Cli.Result next = cli.run("run", "anonymize-guests", "asOf=" + AS_OF.plusDays(1));

		assertThat(next.exit()).as(next.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(ip(jdbc, one)).isEqualTo(MASKED);
		assertThat(ip(jdbc, two)).isEqualTo("198.51.100.1");
	}

	/**
	 * Logins of a user a second before, at, and a second after the limit's first instant
	 * in UTC, with the addresses .1, .2, .3.
	 */
	static long[] aroundTheLimit(JdbcTemplate jdbc, long user) {
		long[] ids = new long[3];
		String[] at = { LIMIT.minusDays(1) + " 23:59:59+00", LIMIT + " 00:00:00+00", LIMIT + " 00:00:01+00" };
		for (int i = 0; i < 3; i++) {
			String ip = "198.51.100." + (i + 1);
			ids[i] = jdbc.queryForObject(
					"""
							INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address, created_at)
							VALUES (?, 'USER_LOGIN', 'USER', ?, jsonb_build_object('ip', ?), ?, CAST(? AS TIMESTAMPTZ))
							RETURNING id""",
					Long.class, user, user, ip, ip, at[i]);
		}
		return ids;
	}

	private static String ip(JdbcTemplate jdbc, long id) {
		return jdbc.queryForObject("SELECT ip_address FROM audit_logs WHERE id = ?", String.class, id);
	}

	static <T> T inTimeZone(String zone, Supplier<T> command) {
		TimeZone before = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
		try {
			return command.get();
		}
		finally {
			TimeZone.setDefault(before);
		}
	}

}
