package org.bookinglifecycle.anonymize;

import java.time.LocalDate;

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
 * A legal hold wins everywhere erase-guest writes: a held booking keeps its row, its
 * audit rows and their held copies; a hold on any of the guest's bookings or on her user
 * account keeps her logins; and the receipt says exactly what the holds kept. Erin's rows
 * come from {@link GuestFixtures#erin}.
 */
class EraseGuestHoldsIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	@Test
	void aHoldOnABookingNeverArchivedKeepsItItsAuditRowsItsCopiesAndHerLoginsAndTheReceiptSaysSo() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		keptCopy(jdbc, 990_000_001L, 8_100_003L);
		keptCopy(jdbc, 990_000_002L, 8_100_001L);
		Cli cli = new Cli(database);
		assertThat(cli.run("hold", "add", "BOOKING", "8100003", "--reason", "case 2026-17").exit())
			.isEqualTo(ExitCodes.COMPLETED);

		Cli.Result run = EraseGuestIntegrationTests.withStdin("erin@example.org\n",
				() -> cli.run("run", "erase-guest", "guestEmail=-", "asOf=" + AS_OF));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		// the held booking, as it was: its row, its audit row, its held copy
		assertThat(jdbc.queryForObject("SELECT guest_name || '|' || guest_email FROM bookings WHERE id = 8100003",
				String.class))
			.isEqualTo("Erin Example|erin@example.org");
		assertThat(count(jdbc,
				"SELECT count(*) FROM audit_logs WHERE resource_type = 'BOOKING'"
						+ " AND resource_id = 8100003 AND new_values #>> '{guest,name}' = 'Erin Example'"))
			.isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs_held WHERE id = 990000001"
				+ " AND new_values #>> '{guest,email}' = 'erin@example.org'"))
			.isEqualTo(1);
		// her other stays are erased, with their held copy
		assertThat(jdbc.queryForList("SELECT guest_name || '|' || anonymization FROM booking_history"
				+ " WHERE original_booking_id IN (8100001, 8100002) ORDER BY 1", String.class))
			.containsExactly("Anonymous Guest|anonymized", "Anonymous Guest|anonymized");
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs_held WHERE id = 990000002"
				+ " AND new_values #>> '{guest,email}' = 'erin@example.org'"))
			.isZero();
		// a hold on one of her bookings keeps her logins
		assertThat(loginIp(jdbc)).isEqualTo("198.51.100.23");
		// the receipt: the held booking kept, said so per booking and in the totals
		assertThat(receipt(jdbc, "held_by_legal_hold")).isEqualTo("1");
		assertThat(receipt(jdbc, "accounts_kept_by_legal_hold")).isEqualTo("1");
		assertThat(jdbc.queryForList(
				"SELECT b ->> 'booking_id' || ':' || (b ->> 'kept_by_legal_hold')"
						+ " FROM lifecycle_erasure_receipts, jsonb_array_elements(receipt -> 'bookings') b ORDER BY 1",
				String.class))
			.containsExactly("8100001:false", "8100002:false", "8100003:true");
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ERASE'")).isEqualTo(2);
	}

	@Test
	void aHoldOnHerUserAccountKeepsHerLoginsAndNothingElse() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		Cli cli = new Cli(database);
		assertThat(cli.run("hold", "add", "USER", "55500001", "--reason", "case 2026-18").exit())
			.isEqualTo(ExitCodes.COMPLETED);

		Cli.Result run = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(loginIp(jdbc)).isEqualTo("198.51.100.23");
		assertThat(jdbc.queryForObject("SELECT guest_name FROM bookings WHERE id = 8100003", String.class))
			.isEqualTo("Anonymous Guest");
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history WHERE original_booking_id IN (8100001, 8100002)"
				+ " AND anonymization = 'anonymized'"))
			.isEqualTo(2);
		assertThat(receipt(jdbc, "held_by_legal_hold")).isEqualTo("0");
		assertThat(receipt(jdbc, "accounts_kept_by_legal_hold")).isEqualTo("1");
	}

	@ParameterizedTest(name = "a hold until {0} days after asOf keeps the booking: {1}")
	@CsvSource({ "0, true", "-1, false" })
	void aHoldKeepsThroughItsLastDayAndNotAfter(int untilDays, boolean kept) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		Cli cli = new Cli(database);
		assertThat(cli
			.run("hold", "add", "BOOKING", "8100002", "--reason", "case 2026-19", "--until",
					AS_OF.plusDays(untilDays).toString())
			.exit()).isEqualTo(ExitCodes.COMPLETED);

		Cli.Result run = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT guest_name FROM booking_history WHERE original_booking_id = 8100002",
				String.class))
			.isEqualTo(kept ? "Erin Example" : "Anonymous Guest");
		assertThat(loginIp(jdbc)).isEqualTo(kept ? "198.51.100.23" : "198.51.100.0");
		assertThat(receipt(jdbc, "held_by_legal_hold")).isEqualTo(kept ? "1" : "0");
	}

	/**
	 * A copy of a booking's BOOKING_CREATED row in audit_logs_held, as a purge keeps it.
	 */
	private static void keptCopy(JdbcTemplate jdbc, long id, long bookingId) {
		jdbc.update("INSERT INTO audit_logs_held (id, user_id, action, resource_type, resource_id, new_values,"
				+ " created_at) SELECT ?, user_id, action, resource_type, resource_id, new_values, created_at"
				+ " FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = ? AND action = 'BOOKING_CREATED'",
				id, bookingId);
	}

	private static String loginIp(JdbcTemplate jdbc) {
		return jdbc.queryForObject(
				"SELECT ip_address FROM audit_logs WHERE action = 'USER_LOGIN'" + " AND resource_id = 55500001",
				String.class);
	}

	private static String receipt(JdbcTemplate jdbc, String key) {
		return jdbc.queryForObject("SELECT receipt ->> ? FROM lifecycle_erasure_receipts", String.class, key);
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

}
