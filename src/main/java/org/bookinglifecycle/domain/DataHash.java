package org.bookinglifecycle.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * {@code booking_history.data_hash}: SHA-256 (lowercase hex) of the canonical form "v1"
 * of a row's business fields. The SQL function {@code booking_data_hash} (migration V8)
 * is the same definition in SQL; a test keeps the two equal. The form, field by field in
 * {@link BookingSnapshot}'s order, joined by {@code |}: {@code \N} for NULL; text with
 * {@code \} doubled and {@code |} escaped as {@code \|}; CHAR fields without trailing
 * blanks; numbers as PostgreSQL prints them; dates as YYYY-MM-DD; timestamps as
 * microseconds since the epoch (UTC).
 */
public final class DataHash {

	/** The version of the canonical form, its first field. */
	public static final String VERSION = "v1";

	private static final String NULL = "\\N";

	private DataHash() {
	}

	/**
	 * The hash of a snapshot.
	 * @param row the business fields
	 * @return 64 lowercase hex digits
	 */
	public static String of(BookingSnapshot row) {
		return sha256(canonical(row));
	}

	/**
	 * The canonical text the hash is taken of. Holds personal data: never log it.
	 * @param row the business fields
	 * @return the canonical form
	 */
	static String canonical(BookingSnapshot row) {
		StringJoiner joiner = new StringJoiner("|");
		joiner.add(VERSION);
		joiner.add(number(row.originalBookingId()));
		joiner.add(text(row.bookingReference()));
		joiner.add(text(row.guestName()));
		joiner.add(text(row.guestEmail()));
		joiner.add(text(row.guestPhone()));
		joiner.add(number(row.hotelId()));
		joiner.add(text(row.roomType()));
		joiner.add(date(row.checkInDate()));
		joiner.add(date(row.checkOutDate()));
		joiner.add(text(row.bookingStatus()));
		joiner.add(text(row.paymentStatus()));
		joiner.add(decimal(row.totalAmount()));
		joiner.add(text((row.currency() != null) ? row.currency().stripTrailing() : null));
		joiner.add(text(row.specialRequests()));
		joiner.add(micros(row.bookingCreatedAt()));
		joiner.add(micros(row.cancelledAt()));
		joiner.add(micros(row.archivedAt()));
		joiner.add(text(row.archiveReason()));
		return joiner.toString();
	}

	private static String text(String value) {
		return (value != null) ? value.replace("\\", "\\\\").replace("|", "\\|") : NULL;
	}

	private static String number(Number value) {
		return (value != null) ? value.toString() : NULL;
	}

	private static String decimal(BigDecimal value) {
		return (value != null) ? value.toPlainString() : NULL;
	}

	private static String date(LocalDate value) {
		return (value != null) ? value.toString() : NULL;
	}

	private static String micros(Instant value) {
		return (value != null) ? Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, value)) : NULL;
	}

	private static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
