package org.bookinglifecycle.lab.seed;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One generated booking, before it is written to {@code bookings} or (archived by the
 * platform before the suite) to {@code booking_history}.
 */
record SeedBooking(long id, String reference, String guestName, String guestEmail, String guestPhone, int hotelId,
		String roomType, LocalDate checkIn, LocalDate checkOut, String status, String paymentStatus, BigDecimal amount,
		String currency, String specialRequests, Instant createdAt, Instant updatedAt, Instant cancelledAt,
		long guestUserId) {

}
