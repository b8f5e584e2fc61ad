package org.bookinglifecycle.testsupport;

import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archived stays with guest personal data where the GDPR jobs look for it (the history
 * row's columns, audit payloads at several depths, a phone in old values), for the tests
 * of anonymize-guests, erase-guest and scan-pii. Every value is the caller's, so a test
 * knows exactly what must be gone and what must stay.
 */
public final class GuestFixtures {

	private GuestFixtures() {
	}

	/**
	 * A stay archived a month after its check-out, with two audit rows (created 40 and 30
	 * days before check-out) holding the guest's name, email and phone, its trail linked
	 * and its data hash set. The guest's user id is {@code 77,000,000 + bookingId
	 * % 1000}.
	 * @param jdbc the database
	 * @param bookingId the booking id (the reference is {@code LIMIT-<id>})
	 * @param checkOut the check-out date
	 * @param name the guest's name
	 * @param email the guest's email
	 * @param phone the guest's phone
	 * @return the guest's user id
	 */
	public static long stayWithTrail(JdbcTemplate jdbc, long bookingId, LocalDate checkOut, String name, String email,
			String phone) {
		long guestUser = 77_000_000L + (bookingId % 1000);
		jdbc.update(
				"""
						INSERT INTO audit_logs (user_id, action, resource_type, resource_id, old_values, new_values, created_at)
						VALUES (?, 'BOOKING_CREATED', 'BOOKING', ?, NULL,
						        jsonb_build_object('guest', jsonb_build_object('name', ?, 'email', ?, 'phone', ?)), ?),
						       (?, 'BOOKING_UPDATED', 'BOOKING', ?, jsonb_build_object('guest_phone', ?, 'empty', '{}'::jsonb),
						        jsonb_build_object('special_requests', 'allergic to nuts', 'notes',
						          jsonb_build_array(jsonb_build_object('guest', jsonb_build_object('name', ?, 'email', ?)), 'kept')), ?)""",
				guestUser, bookingId, name, email, phone, checkOut.minusDays(40).atStartOfDay(), guestUser, bookingId,
				phone, name, email, checkOut.minusDays(30).atStartOfDay());
		jdbc.update(
				"""
						INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, guest_phone,
						  hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,
						  currency, special_requests, booking_created_at, archived_at, archive_reason)
						VALUES (?, ?, ?, ?, ?, 1, 'standard', ?, ?, 'completed', 'paid', 120.00, 'EUR', 'allergic to nuts',
						        ?, ?, 'completed')""",
				bookingId, "LIMIT-" + bookingId, name, email, phone, checkOut.minusDays(2), checkOut,
				checkOut.minusDays(40).atStartOfDay(), checkOut.plusDays(31).atStartOfDay());
		linkTrail(jdbc, bookingId);
		return guestUser;
	}

	/**
	 * Sets a history row's {@code audit_log_ids} to every audit row of its booking, in
	 * order, and its data hash, as archive-bookings would have.
	 * @param jdbc the database
	 * @param bookingId the booking id
	 */
	public static void linkTrail(JdbcTemplate jdbc, long bookingId) {
		jdbc.update("""
				UPDATE booking_history h SET data_hash = booking_data_hash(h),
				  audit_log_ids = (SELECT array_agg(a.id ORDER BY a.created_at, a.id) FROM audit_logs a
				                   WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id)
				WHERE h.original_booking_id = ?""", bookingId);
	}

	/**
	 * Erin, a guest of every kind of stay, beside another guest: a stay a week before
	 * {@code asOf} (booking 8,100,001, {@code ERIN-1}) and one three years before
	 * (8,100,002, {@code ERIN-2}) in booking_history with their trails and hashes, a
	 * finished booking never archived (8,100,003, {@code ERIN-3}, with a phone) in
	 * bookings, each with a BOOKING_CREATED event of her user account 55,500,001 holding
	 * her name and email; her login the day before; the other guest's stay (8,200,001,
	 * {@code OTHER-1}, user 55,600,001) a week before.
	 * @param jdbc the database
	 * @param asOf the day the tests run the jobs as of
	 */
	public static void erin(JdbcTemplate jdbc, LocalDate asOf) {
		archived(jdbc, 8_100_001L, "ERIN-1", "Erin Example", "Erin@Example.org", asOf.minusDays(7));
		archived(jdbc, 8_100_002L, "ERIN-2", "Erin Example", "erin@example.org", asOf.minusYears(3));
		archived(jdbc, 8_200_001L, "OTHER-1", "Other Guest", "other@example.org", asOf.minusDays(7));
		jdbc.update(
				"INSERT INTO bookings (id, booking_reference, guest_name, guest_email, guest_phone, hotel_id,"
						+ " room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,"
						+ " currency) VALUES (8100003, 'ERIN-3', 'Erin Example', 'erin@example.org', '+1 555 0404', 1,"
						+ " 'standard', ?, ?, 'completed', 'pending', 90.00, 'EUR')",
				asOf.minusDays(5), asOf.minusDays(3));
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)"
				+ " VALUES (55500001, 'BOOKING_CREATED', 'BOOKING', 8100003, jsonb_build_object('guest',"
				+ " jsonb_build_object('name', 'Erin Example', 'email', 'erin@example.org')), now())");
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address,"
				+ " created_at) VALUES (55500001, 'USER_LOGIN', 'USER', 55500001, jsonb_build_object('ip',"
				+ " '198.51.100.23'), '198.51.100.23', now() - interval '1 day')");
	}

	/**
	 * An archived stay with its BOOKING_CREATED event (the guest's name and email, and
	 * the email again as payer), its trail and its hash; the user is 55,500,001 for
	 * bookings below 8,200,000, else 55,600,001.
	 */
	private static void archived(JdbcTemplate jdbc, long bookingId, String reference, String name, String email,
			LocalDate checkOut) {
		long user = (bookingId < 8_200_000L) ? 55_500_001L : 55_600_001L;
		jdbc.update(
				"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)"
						+ " VALUES (?, 'BOOKING_CREATED', 'BOOKING', ?, jsonb_build_object('guest', jsonb_build_object("
						+ "'name', ?, 'email', ?), 'payer_email', ?), ?)",
				user, bookingId, name, email, email, checkOut.minusDays(30).atStartOfDay());
		jdbc.update("""
				INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, hotel_id,
				  room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,
				  booking_created_at, archived_at, archive_reason)
				VALUES (?, ?, ?, ?, 1, 'standard', ?, ?, 'completed', 'paid', 100.00, 'EUR', ?, ?, 'completed')""",
				bookingId, reference, name, email, checkOut.minusDays(2), checkOut,
				checkOut.minusDays(30).atStartOfDay(), checkOut.plusDays(1).atStartOfDay());
		linkTrail(jdbc, bookingId);
	}

}
