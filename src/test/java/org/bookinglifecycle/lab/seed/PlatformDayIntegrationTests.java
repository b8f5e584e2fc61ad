package org.bookinglifecycle.lab.seed;

import java.time.LocalDate;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.PartitionedAuditLogs;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One day of the platform written after the seed (the night bench's day between two
 * nights): its bookings and events inside the day, dated as the platform dates them now,
 * the day's check-ins and check-outs and nothing else, the same rows for the same seed,
 * on the plain and the partitioned audit_logs.
 */
class PlatformDayIntegrationTests {

	private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

	@Test
	void theDaysBookingsAndEventsAreCreatedThatDayAndDatedAsThePlatformWritesNow() {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long lastSeeded = count(jdbc, "SELECT GREATEST((SELECT max(id) FROM bookings), "
				+ "(SELECT max(original_booking_id) FROM booking_history))");

		PlatformDay.Result day = new PlatformDay(database.dataSource()).write(DAY, 40, 7);

		assertThat(day.bookings()).isEqualTo(40);
		assertThat(
				count(jdbc,
						"SELECT count(*) FROM bookings WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z' "
								+ "AND created_at < TIMESTAMPTZ '2026-11-26 00:00Z' AND id > " + lastSeeded))
			.isEqualTo(40);
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE id > " + lastSeeded)).isEqualTo(40);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z'"))
			.isEqualTo(day.auditRows());
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-26 00:00Z'"))
			.isZero();
		assertThat(count(jdbc,
				"SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z' "
						+ "AND (retention_tier IS NULL OR data_retention_expires_at IS NULL)"))
			.as("rows the platform writes now are dated by the trigger")
			.isZero();
		assertThat(count(jdbc,
				"SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z' "
						+ "AND resource_type IN ('USER', 'SYSTEM')"))
			.as("technical events, logins among them: one per two bookings")
			.isEqualTo(20);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z' "
				+ "AND action = 'BOOKING_CREATED' AND resource_id > " + lastSeeded))
			.isEqualTo(40);
	}

	@Test
	void theDaysStaysCheckInAndOutAndNoOtherStayMoves() {
		DatabaseTarget database = migrated();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		booking(jdbc, 1, "checked_in", "paid", "2026-11-23", "2026-11-25");
		booking(jdbc, 2, "checked_in", "paid", "2026-11-24", "2026-11-26");
		booking(jdbc, 3, "checked_in", "paid", "2026-11-22", "2026-11-24");
		booking(jdbc, 4, "confirmed", "paid", "2026-11-25", "2026-11-27");
		booking(jdbc, 5, "confirmed", "pending", "2026-11-25", "2026-11-27");
		booking(jdbc, 6, "confirmed", "paid", "2026-11-26", "2026-11-28");
		booking(jdbc, 7, "cancelled", "paid", "2026-11-25", "2026-11-27");

		PlatformDay.Result day = new PlatformDay(database.dataSource()).write(DAY, 0, 7);

		assertThat(day.checkOuts()).isEqualTo(1);
		assertThat(day.checkIns()).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT id || ' ' || booking_status FROM bookings ORDER BY id", String.class))
			.containsExactly("1 completed", "2 checked_in", "3 checked_in", "4 checked_in", "5 confirmed",
					"6 confirmed", "7 cancelled");
		assertThat(jdbc.queryForList("SELECT resource_id || ' ' || action || ' ' || "
				+ "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' ' || (data_retention_expires_at IS NOT NULL) "
				+ "FROM audit_logs ORDER BY resource_id", String.class))
			.containsExactly("1 BOOKING_CHECKED_OUT 2026-11-25 11:00 true",
					"4 BOOKING_CHECKED_IN 2026-11-25 14:00 true");
	}

	@Test
	void theSameDayAndSeedGiveTheSameRowsAndAnotherSeedDoesNot() {
		JdbcTemplate first = dayOn(seeded(), 7);
		JdbcTemplate same = dayOn(seeded(), 7);
		JdbcTemplate other = dayOn(seeded(), 8);

		for (String table : new String[] { "bookings", "audit_logs" }) {
			assertThat(fingerprint(same, table)).as(table).isEqualTo(fingerprint(first, table));
			assertThat(fingerprint(other, table)).as(table).isNotEqualTo(fingerprint(first, table));
		}
	}

	@Test
	void onThePartitionedAuditLogsTheDaysRowsLandInTheirMonths() {
		DatabaseTarget database = seeded();
		PartitionedAuditLogs.convert(database);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		PlatformDay.Result day = new PlatformDay(database.dataSource()).write(DAY, 40, 7);

		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z'"))
			.isEqualTo(day.auditRows())
			.isPositive();
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z' "
				+ "AND CAST(CAST(tableoid AS regclass) AS text) LIKE '%default'"))
			.isZero();
	}

	/**
	 * 300 bookings whose history ends at the first instant of DAY (events due later are
	 * capped there), so the day's rows are those after it.
	 */
	private static DatabaseTarget seeded() {
		DatabaseTarget database = migrated();
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(300, 8, 7, DAY), (done) -> {
		});
		return database;
	}

	/** A database as `migrate` leaves it: the retention periods the trigger dates by. */
	private static DatabaseTarget migrated() {
		DatabaseTarget database = TestDatabase.migrated(PlatformDayIntegrationTests.class);
		Cli.Result migrate = new Cli(database).run("migrate");
		assertThat(migrate.exit()).as(migrate.toString()).isZero();
		return database;
	}

	private static JdbcTemplate dayOn(DatabaseTarget database, long seed) {
		new PlatformDay(database.dataSource()).write(DAY, 40, seed);
		return TestDatabase.jdbc(database);
	}

	private static void booking(JdbcTemplate jdbc, long id, String status, String payment, String checkIn,
			String checkOut) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, hotel_id, room_type, check_in_date, check_out_date, "
				+ "booking_status, payment_status, total_amount, currency, created_at) VALUES (?, ?, 1, 'double', "
				+ "CAST(? AS date), CAST(? AS date), ?, ?, 100, 'EUR', TIMESTAMPTZ '2026-10-01 10:00Z')", id, "BK" + id,
				checkIn, checkOut, status, payment);
	}

	private static String fingerprint(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table
				+ " t WHERE created_at > TIMESTAMPTZ '2026-11-25 00:00Z'", String.class);
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

}
