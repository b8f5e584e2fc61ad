package org.bookinglifecycle.domain;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The business fields of a {@code booking_history} row that its {@code data_hash} covers,
 * in the order of the canonical form (see {@link DataHash}). Holds personal data: never
 * log it.
 *
 * @param originalBookingId the booking's id in {@code bookings}
 * @param bookingReference the public reference
 * @param guestName guest name (PII)
 * @param guestEmail guest email (PII)
 * @param guestPhone guest phone (PII)
 * @param hotelId hotel
 * @param roomType room type
 * @param checkInDate check-in date
 * @param checkOutDate check-out date
 * @param bookingStatus booking status as stored
 * @param paymentStatus payment status as stored
 * @param totalAmount amount, 2 decimals
 * @param currency ISO currency
 * @param specialRequests free text (may hold PII)
 * @param bookingCreatedAt when the booking was made
 * @param cancelledAt when it was cancelled, if it was
 * @param archivedAt when it was archived
 * @param archiveReason why it was archived
 */
public record BookingSnapshot(Long originalBookingId, String bookingReference, String guestName, String guestEmail,
		String guestPhone, Integer hotelId, String roomType, LocalDate checkInDate, LocalDate checkOutDate,
		String bookingStatus, String paymentStatus, BigDecimal totalAmount, String currency, String specialRequests,
		Instant bookingCreatedAt, Instant cancelledAt, Instant archivedAt, String archiveReason) {

	/** The columns to select from {@code booking_history} for {@link #fromHistoryRow}. */
	public static final String HISTORY_COLUMNS = "original_booking_id, booking_reference, guest_name, guest_email, "
			+ "guest_phone, hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, "
			+ "total_amount, currency, special_requests, booking_created_at, cancelled_at, archived_at, archive_reason";

	/**
	 * Read the snapshot from a result set holding {@link #HISTORY_COLUMNS}.
	 * @param rs the result set, on a row
	 * @return the snapshot
	 * @throws SQLException on a read error
	 */
	public static BookingSnapshot fromHistoryRow(ResultSet rs) throws SQLException {
		return new BookingSnapshot(rs.getObject("original_booking_id", Long.class), rs.getString("booking_reference"),
				rs.getString("guest_name"), rs.getString("guest_email"), rs.getString("guest_phone"),
				rs.getObject("hotel_id", Integer.class), rs.getString("room_type"),
				rs.getObject("check_in_date", LocalDate.class), rs.getObject("check_out_date", LocalDate.class),
				rs.getString("booking_status"), rs.getString("payment_status"), rs.getBigDecimal("total_amount"),
				rs.getString("currency"), rs.getString("special_requests"), instant(rs, "booking_created_at"),
				instant(rs, "cancelled_at"), instant(rs, "archived_at"), rs.getString("archive_reason"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	public String toString() {
		return "BookingSnapshot[originalBookingId=" + this.originalBookingId + "]"; // no
																					// PII
																					// in
																					// logs
	}

}
