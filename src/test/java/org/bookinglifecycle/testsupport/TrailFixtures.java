package org.bookinglifecycle.testsupport;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audit trails that test what a per-chunk, time-bounded read of a partitioned
 * {@code audit_logs} must still find: a booking's events in two tiers and three months,
 * one written a second before the booking's {@code created_at} (a platform clock running
 * behind), and one dated far ahead (written after the conversion, it lands in its tier's
 * default partition). Every event of the guest holds her name and email somewhere, so a
 * test can check that each was masked.
 */
public final class TrailFixtures {

	private TrailFixtures() {
	}

	/**
	 * A booking's trail before the conversion: BOOKING_UPDATED a second before
	 * {@code createdAt}, BOOKING_CREATED at it (the guest's user), PAYMENT_RECEIVED
	 * (critical) 40 days later, BOOKING_CHECKED_OUT (no personal data) 45 days later.
	 * @param jdbc the database
	 * @param bookingId the booking
	 * @param user the guest's user account
	 * @param createdAt the booking's created_at
	 * @param name the guest's name
	 * @param email the guest's email
	 */
	public static void trail(JdbcTemplate jdbc, long bookingId, long user, Instant createdAt, String name,
			String email) {
		event(jdbc, bookingId, user, "BOOKING_UPDATED", createdAt.minusSeconds(1),
				"{\"guest\": {\"name\": \"" + name + "\"}}");
		event(jdbc, bookingId, user, "BOOKING_CREATED", createdAt,
				"{\"guest\": {\"name\": \"" + name + "\", \"email\": \"" + email + "\"}}");
		event(jdbc, bookingId, user, "PAYMENT_RECEIVED", createdAt.plusSeconds(40L * 86400),
				"{\"payer_name\": \"" + name + "\", \"payer_email\": \"" + email + "\"}");
		event(jdbc, bookingId, user, "BOOKING_CHECKED_OUT", createdAt.plusSeconds(45L * 86400), "{\"room\": \"12\"}");
	}

	/**
	 * An event dated two years ahead of {@code today}: written after the conversion, no
	 * month exists for it and it lands in its tier's default partition.
	 * @param jdbc the database
	 * @param bookingId the booking
	 * @param user the guest's user account
	 * @param today the day the test runs as of
	 * @param email the guest's email
	 */
	public static void farAhead(JdbcTemplate jdbc, long bookingId, long user, LocalDate today, String email) {
		event(jdbc, bookingId, user, "BOOKING_UPDATED", today.plusYears(2).atStartOfDay().toInstant(ZoneOffset.UTC),
				"{\"guest\": {\"email\": \"" + email + "\"}}");
	}

	/**
	 * Every audit id of a booking, ordered as a trail is (created_at, id), from an
	 * independent query.
	 * @param jdbc the database
	 * @param bookingId the booking
	 * @return the ids
	 */
	public static List<Long> ids(JdbcTemplate jdbc, long bookingId) {
		return jdbc.queryForList("SELECT id FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = ?"
				+ " AND action <> 'BOOKING_ARCHIVED' ORDER BY created_at, id", Long.class, bookingId);
	}

	/**
	 * Whether a row is in a default partition (the leaf has no range bound).
	 * @param jdbc the database
	 * @param auditId the audit row
	 * @return whether its leaf is a default partition
	 */
	public static boolean inDefaultPartition(JdbcTemplate jdbc, long auditId) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'"
						+ " FROM audit_logs a JOIN pg_class c ON c.oid = a.tableoid WHERE a.id = ?",
				Boolean.class, auditId));
	}

	private static void event(JdbcTemplate jdbc, long bookingId, long user, String action, Instant at, String json) {
		jdbc.update(
				"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address,"
						+ " created_at) VALUES (?, ?, 'BOOKING', ?, CAST(? AS JSONB), '198.51.100.9', ?)",
				user, action, bookingId, json, java.sql.Timestamp.from(at));
	}

}
