package org.bookinglifecycle.lab.seed;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One day of the platform after the seed, as the night bench writes it between two
 * nights. The bookings created that day (with the seed's shape: their events, and the
 * technical events of the day, logins among them, one per two bookings), written as the
 * platform writes now: the audit rows dated by the trigger, into whatever layout
 * {@code audit_logs} has. Then the day's stays move on: a booking due to check in that
 * day, still confirmed and paid, checks in at 14:00 UTC; a stay checked in whose
 * check-out is that day checks out at 11:00 UTC and is completed; each with its audit
 * row. Stays that finished earlier become due for the night's jobs by the calendar alone
 * (the next night's {@code asOf} is a day later). Deterministic: the same day, count and
 * seed give the same rows on the same database.
 */
public final class PlatformDay {

	private static final String CHECK_IN = """
			WITH moved AS (
			  UPDATE bookings SET booking_status = 'checked_in', updated_at = ?
			  WHERE check_in_date = ? AND booking_status = 'confirmed' AND payment_status = 'paid' AND created_at < ?
			  RETURNING id)
			INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)
			SELECT 2, 'BOOKING_CHECKED_IN', 'BOOKING', id, '{"booking_status": "checked_in"}', ? FROM moved
			""";

	private static final String CHECK_OUT = """
			WITH moved AS (
			  UPDATE bookings SET booking_status = 'completed', updated_at = ?
			  WHERE check_out_date = ? AND booking_status = 'checked_in' AND created_at < ?
			  RETURNING id)
			INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)
			SELECT 2, 'BOOKING_CHECKED_OUT', 'BOOKING', id, '{"booking_status": "completed"}', ? FROM moved
			""";

	/**
	 * What the day wrote.
	 *
	 * @param bookings bookings created that day
	 * @param auditRows audit rows written (the new bookings' events, the technical
	 * events, the check-ins and check-outs)
	 * @param checkIns bookings checked in that day
	 * @param checkOuts stays checked out that day
	 * @param took how long writing took
	 */
	public record Result(long bookings, long auditRows, long checkIns, long checkOuts, Duration took) {

	}

	private final DataSource dataSource;

	public PlatformDay(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * The bookings a seeded platform takes in an average day: the seed spreads its
	 * bookings evenly over its years.
	 * @param seeded bookings seeded
	 * @param years years the seed spans
	 * @return bookings a day, at least one
	 */
	public static long bookingsPerDay(long seeded, int years) {
		return Math.max(1, Math.round(seeded / (years * 365.2425)));
	}

	/**
	 * Write one day of the platform.
	 * @param day the day (UTC): bookings are created from its first instant to the next
	 * day's
	 * @param bookings how many bookings are created that day
	 * @param seed the random seed (mixed with the day, so that each day differs)
	 * @return what was written
	 */
	public Result write(LocalDate day, long bookings, long seed) {
		long started = System.nanoTime();
		PlatformSeeder seeder = new PlatformSeeder(this.dataSource);
		seeder.requirePrivileges();
		BookingGenerator generator = new BookingGenerator(seed * 31 + day.toEpochDay(),
				instant(day, LocalTime.MIDNIGHT).toInstant(), instant(day.plusDays(1), LocalTime.MIDNIGHT).toInstant(),
				day.plusDays(1), true);
		PlatformSeeder.Result created = seeder.append(generator, bookings, LocalDate.MIN, false, (done) -> {
		});
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		OffsetDateTime checkInAt = instant(day, LocalTime.of(14, 0));
		OffsetDateTime checkOutAt = instant(day, LocalTime.of(11, 0));
		OffsetDateTime dayStart = instant(day, LocalTime.MIDNIGHT);
		int checkOuts = jdbc.update(CHECK_OUT, checkOutAt, day, dayStart, checkOutAt);
		int checkIns = jdbc.update(CHECK_IN, checkInAt, day, dayStart, checkInAt);
		return new Result(created.activeBookings() + created.historyRows(), created.auditRows() + checkIns + checkOuts,
				checkIns, checkOuts, Duration.ofNanos(System.nanoTime() - started));
	}

	private static OffsetDateTime instant(LocalDate day, LocalTime time) {
		return day.atTime(time).atOffset(ZoneOffset.UTC);
	}

}
