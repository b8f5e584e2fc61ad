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

}
