package org.bookinglifecycle.archive;

import java.time.LocalDate;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded platform for the archive tests, single bookings on chosen days, and the checks
 * every test makes: the invariant (each booking id in exactly one of bookings and
 * booking_history) and independent counts of what the default rules take.
 */
public final class ArchiveFixtures {

	public static final int BOOKINGS = 6000;

	public static final String AS_OF = "2026-11-25";

	private ArchiveFixtures() {
	}

	public static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(BOOKINGS, 8, 21, LocalDate.parse(AS_OF)), (done) -> {
			});
		return database;
	}

	/**
	 * Each seeded booking is in exactly one of the two tables: nothing lost, nothing
	 * duplicated.
	 */
	public static void assertInvariant(JdbcTemplate jdbc) {
		assertThat(jdbc.queryForObject(
				"SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM booking_history)", Long.class))
			.isEqualTo(BOOKINGS);
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT id) FROM (SELECT id FROM bookings "
				+ "UNION ALL SELECT original_booking_id FROM booking_history) t", Long.class))
			.isEqualTo(BOOKINGS);
	}

	/**
	 * What the default rules take on {@code asOf}, written independently of the job's
	 * SQL.
	 */
	static long expectedCandidates(JdbcTemplate jdbc, String rule, String asOf) {
		String where = switch (rule) {
			case "completed" -> "booking_status = 'completed' AND payment_status IN ('paid', 'refunded') "
					+ "AND check_out_date <= DATE '" + asOf + "' - 30";
			case "cancelled" -> "booking_status = 'cancelled' AND payment_status IN ('paid', 'refunded', "
					+ "'partially_refunded') AND (cancelled_at AT TIME ZONE 'UTC')::date <= DATE '" + asOf + "' - 7";
			case "no-show" -> "booking_status = 'no_show' AND payment_status IN ('paid', 'refunded', "
					+ "'partially_refunded') AND check_out_date <= DATE '" + asOf + "' - 7";
			default -> throw new IllegalArgumentException(rule);
		};
		return jdbc.queryForObject("SELECT count(*) FROM bookings WHERE " + where, Long.class);
	}

	public static long expectedCandidates(JdbcTemplate jdbc, String asOf) {
		return expectedCandidates(jdbc, "completed", asOf) + expectedCandidates(jdbc, "cancelled", asOf)
				+ expectedCandidates(jdbc, "no-show", asOf);
	}

	/**
	 * One booking on a chosen day, for tests that need a row where random seeding never
	 * puts one. Every NOT NULL column gets a neutral value; no personal data.
	 * @param jdbc the database
	 * @param id the booking id
	 * @param bookingStatus the booking status
	 * @param paymentStatus the payment status
	 * @param checkOut the check-out date (check-in is two days before)
	 * @param cancelledAt a timestamptz literal with its offset
	 * ({@code 2026-11-19 01:00:00+02}), or {@code null}
	 */
	static void insertBooking(JdbcTemplate jdbc, long id, String bookingStatus, String paymentStatus,
			LocalDate checkOut, String cancelledAt) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, hotel_id, room_type, check_in_date, "
				+ "check_out_date, booking_status, payment_status, total_amount, currency, cancelled_at) "
				+ "VALUES (?, ?, 'boundary guest', 1, 'standard', ?, ?, ?, ?, 100.00, 'EUR', CAST(? AS TIMESTAMPTZ))",
				id, "BOUNDARY-" + id, checkOut.minusDays(2), checkOut, bookingStatus, paymentStatus, cancelledAt);
	}

	static long count(JdbcTemplate jdbc, String sql, Object... args) {
		return jdbc.queryForObject(sql, Long.class, args);
	}

}
