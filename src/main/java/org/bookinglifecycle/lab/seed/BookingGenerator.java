package org.bookinglifecycle.lab.seed;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.datafaker.Faker;

/**
 * Generates bookings and their audit events from one seed: the same seed, count, years
 * and end date give the same data, byte for byte. Statuses follow the calendar (past
 * stays are mostly completed, current ones checked in, future ones confirmed or pending);
 * payments follow the status; a small share of rows is messy the way real databases are
 * (see {@link Messy}).
 */
final class BookingGenerator {

	/** The messy rows a real platform database has, and how often. */
	static final class Messy {

		/** Share of bookings with no guest phone. */
		static final double NULL_PHONE = 0.02;

		/** Share of bookings with no guest email. */
		static final double NULL_EMAIL = 0.003;

		/** Share of bookings whose status has odd casing ('Completed', 'CANCELLED'). */
		static final double ODD_STATUS_CASE = 0.003;

		/** Share of audit payloads missing keys (an empty object, or no guest block). */
		static final double PAYLOAD_MISSING_KEYS = 0.01;

		private Messy() {
		}

	}

	static final String[] ROOM_TYPES = { "standard", "standard", "double", "double", "twin", "deluxe", "suite",
			"family" };

	static final String[] CURRENCIES = { "EUR", "EUR", "EUR", "USD", "USD", "GBP", "THB", "JPY" };

	static final String[] DOMAINS = { "example.com", "mail.example", "inbox.example", "example.org", "example.net" };

	static final String[] REQUESTS = { "late check-in", "high floor please", "baby cot", "quiet room", "airport pickup",
			"vegetarian breakfast", "early check-in if possible" };

	private final Random random;

	private final Faker faker;

	private final Instant start;

	private final Instant end;

	private final LocalDate today;

	private final boolean capped;

	BookingGenerator(long seed, LocalDate until, int years) {
		this(seed, until.minusYears(years).atStartOfDay().toInstant(ZoneOffset.UTC),
				until.atStartOfDay().toInstant(ZoneOffset.UTC), until, false);
	}

	/**
	 * A generator of bookings created in {@code [start, end)} and their statuses as of
	 * {@code today}.
	 * @param seed the random seed
	 * @param start the first instant a booking may be created
	 * @param end the instant the platform's history stops
	 * @param today the day statuses are taken on
	 * @param capped whether every event and cancellation is dated no later than
	 * {@code end} (a day of the platform writes nothing dated after it); the seed's
	 * history caps only check-ins, check-outs, no-shows and refunds there, as it always
	 * has, so that a seed gives the data it gave
	 */
	BookingGenerator(long seed, Instant start, Instant end, LocalDate today, boolean capped) {
		this.random = new Random(seed);
		this.faker = new Faker(Locale.US, new Random(seed ^ 0x5DEECE66DL));
		this.today = today;
		this.end = end;
		this.start = start;
		this.capped = capped;
	}

	/**
	 * The next booking, with id and creation time given (creation times are drawn up
	 * front and sorted, so ids follow time as on a real platform).
	 */
	SeedBooking next(long id, Instant createdAt) {
		String first = this.faker.name().firstName();
		String last = this.faker.name().lastName();
		String name = first + " " + last;
		String email = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "")
				+ this.random.nextInt(1000) + "@" + DOMAINS[this.random.nextInt(DOMAINS.length)];
		String phone = String.format("+1-%03d-%03d-%04d", 200 + this.random.nextInt(800), this.random.nextInt(1000),
				this.random.nextInt(10000));
		if (this.random.nextDouble() < Messy.NULL_PHONE) {
			phone = null;
		}
		if (this.random.nextDouble() < Messy.NULL_EMAIL) {
			email = null;
		}
		LocalDate created = createdAt.atOffset(ZoneOffset.UTC).toLocalDate();
		LocalDate checkIn = created.plusDays(skewedLeadDays());
		LocalDate checkOut = checkIn.plusDays(1 + this.random.nextInt(this.random.nextInt(10) < 8 ? 5 : 14));
		String status = status(checkIn, checkOut);
		String payment = payment(status);
		Instant cancelledAt = null;
		if (status.equals("cancelled")) {
			long window = Math
				.max(Duration.between(createdAt, checkIn.atStartOfDay().toInstant(ZoneOffset.UTC)).toSeconds(), 60);
			cancelledAt = createdAt.plusSeconds((long) (this.random.nextDouble() * window));
			if (this.capped) {
				cancelledAt = min(cancelledAt, this.end);
			}
		}
		if (this.random.nextDouble() < Messy.ODD_STATUS_CASE) {
			status = this.random.nextBoolean() ? Character.toUpperCase(status.charAt(0)) + status.substring(1)
					: status.toUpperCase(Locale.ROOT);
		}
		int nights = (int) (checkOut.toEpochDay() - checkIn.toEpochDay());
		BigDecimal amount = BigDecimal.valueOf(40 + this.random.nextInt(400) + this.random.nextInt(100) / 100.0)
			.multiply(BigDecimal.valueOf(nights))
			.setScale(2, RoundingMode.HALF_UP);
		String requests = (this.random.nextInt(5) == 0) ? REQUESTS[this.random.nextInt(REQUESTS.length)] : null;
		Instant updatedAt = (cancelledAt != null) ? cancelledAt
				: min(checkOut.atStartOfDay().toInstant(ZoneOffset.UTC), this.end);
		return new SeedBooking(id, "BK" + Long.toString(id, 36).toUpperCase(Locale.ROOT), name, email, phone,
				1 + this.random.nextInt(250), ROOM_TYPES[this.random.nextInt(ROOM_TYPES.length)], checkIn, checkOut,
				status, payment, amount, CURRENCIES[this.random.nextInt(CURRENCIES.length)], requests, createdAt,
				max(updatedAt, createdAt), cancelledAt, 100_000 + this.random.nextInt(5_000_000));
	}

	/** A creation time, uniform over the seeded years. */
	Instant createdAt() {
		long span = Duration.between(this.start, this.end).toSeconds();
		return this.start.plusSeconds((long) (this.random.nextDouble() * span))
			.plusNanos(this.random.nextInt(1_000_000) * 1000L);
	}

	private int skewedLeadDays() {
		double u = this.random.nextDouble();
		return (int) (u * u * 180);
	}

	private String status(LocalDate checkIn, LocalDate checkOut) {
		int roll = this.random.nextInt(100);
		if (checkOut.isBefore(this.today)) {
			if (roll < 74) {
				return "completed";
			}
			if (roll < 89) {
				return "cancelled";
			}
			if (roll < 95) {
				return "no_show";
			}
			if (roll < 98) {
				return "confirmed"; // never closed by the front desk
			}
			return (roll < 99) ? "checked_in" : "pending";
		}
		if (!checkIn.isAfter(this.today)) {
			return (roll < 80) ? "checked_in" : "confirmed";
		}
		if (roll < 65) {
			return "confirmed";
		}
		return (roll < 85) ? "pending" : "cancelled";
	}

	private String payment(String status) {
		int roll = this.random.nextInt(100);
		return switch (status) {
			case "completed" -> (roll < 90) ? "paid" : (roll < 95) ? "refunded"
					: (roll < 97) ? "partially_refunded" : (roll < 99) ? "pending" : "failed";
			case "cancelled" -> (roll < 70) ? "refunded"
					: (roll < 85) ? "paid" : (roll < 90) ? "failed" : (roll < 95) ? "pending" : "partially_refunded";
			case "no_show" -> (roll < 80) ? "paid" : (roll < 90) ? "pending" : "failed";
			case "confirmed" -> (roll < 60) ? "paid" : (roll < 95) ? "pending" : "failed";
			case "checked_in" -> (roll < 85) ? "paid" : "pending";
			default -> (roll < 90) ? "pending" : "failed";
		};
	}

	/**
	 * The audit events of a booking's life, in time order: creation, changes, payment,
	 * cancellation and refund, check-in and check-out. Payloads carry personal data the
	 * way the platform's do (guest block in the creation event, payer in the payment).
	 */
	List<AuditEvent> life(SeedBooking booking) {
		List<AuditEvent> events = new ArrayList<>(6);
		Instant at = booking.createdAt();
		CopyText.Json guest = new CopyText.Json().put("name", booking.guestName())
			.put("email", booking.guestEmail())
			.put("phone", booking.guestPhone());
		CopyText.Json created = new CopyText.Json().put("booking_reference", booking.reference())
			.put("guest", guest)
			.put("hotel_id", booking.hotelId())
			.put("room_type", booking.roomType())
			.put("check_in_date", booking.checkIn().toString())
			.put("check_out_date", booking.checkOut().toString())
			.put("total_amount", booking.amount())
			.put("currency", booking.currency());
		events.add(event("BOOKING_CREATED", booking, at, null, messy(created), booking.guestUserId()));
		Instant checkIn = booking.checkIn().atTime(14, 0).toInstant(ZoneOffset.UTC);
		Instant closedAt = (booking.cancelledAt() != null) ? booking.cancelledAt() : min(checkIn, this.end);
		int updates = this.random.nextInt(3);
		for (int i = 0; i < updates; i++) {
			at = between(at, closedAt);
			CopyText.Json before = new CopyText.Json().put("guest_phone", booking.guestPhone());
			CopyText.Json after = new CopyText.Json().put("guest_phone", booking.guestPhone())
				.put("special_requests", REQUESTS[this.random.nextInt(REQUESTS.length)]);
			events.add(event("BOOKING_UPDATED", booking, at, before, messy(after), booking.guestUserId()));
		}
		String payment = booking.paymentStatus();
		if (!payment.equals("pending")) {
			at = between(at, closedAt);
			CopyText.Json paid = new CopyText.Json().put("amount", booking.amount())
				.put("currency", booking.currency())
				.put("payer_name", booking.guestName())
				.put("payer_email", booking.guestEmail())
				.put("card_last4", String.format("%04d", this.random.nextInt(10000)));
			events.add(event(payment.equals("failed") ? "PAYMENT_FAILED" : "PAYMENT_RECEIVED", booking, at, null,
					messy(paid), booking.guestUserId()));
		}
		String status = booking.status().toLowerCase(Locale.ROOT);
		if (status.equals("cancelled")) {
			at = max(at, booking.cancelledAt());
			CopyText.Json metadata = new CopyText.Json().put("cancellation_reason", "guest request")
				.put("refund_amount", payment.contains("refunded") ? booking.amount() : BigDecimal.ZERO)
				.put("notification_sent", true);
			AuditEvent cancel = event("BOOKING_CANCELLED", booking, at,
					new CopyText.Json().put("booking_status", "confirmed"),
					new CopyText.Json().put("booking_status", "cancelled"), booking.guestUserId());
			events.add(new AuditEvent(cancel.action(), cancel.resourceType(), cancel.resourceId(), cancel.oldValues(),
					cancel.newValues(), metadata.toString(), cancel.createdAt(), cancel.userId()));
		}
		if (payment.contains("refunded")) {
			at = at.plusSeconds(3600 + this.random.nextInt(3 * 86400));
			events.add(event("REFUND_ISSUED", booking, min(at, this.end), null,
					new CopyText.Json().put("amount", booking.amount()).put("payer_name", booking.guestName()), 1L));
		}
		if (status.equals("completed") || status.equals("checked_in")) {
			events.add(event("BOOKING_CHECKED_IN", booking, min(checkIn, this.end), null,
					new CopyText.Json().put("booking_status", "checked_in"), 2L));
		}
		if (status.equals("completed")) {
			Instant out = booking.checkOut().atTime(11, 0).toInstant(ZoneOffset.UTC);
			events.add(event("BOOKING_CHECKED_OUT", booking, min(out, this.end), null,
					new CopyText.Json().put("booking_status", "completed"), 2L));
		}
		if (status.equals("no_show")) {
			Instant noShow = booking.checkIn().plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC);
			events.add(event("BOOKING_NO_SHOW", booking, min(noShow, this.end), null,
					new CopyText.Json().put("booking_status", "no_show"), 2L));
		}
		return events;
	}

	/**
	 * A technical event of the platform (logins, channel syncs, health checks, GDPR
	 * exports).
	 */
	AuditEvent systemEvent() {
		Instant at = createdAt();
		int roll = this.random.nextInt(100);
		if (roll < 50) {
			long user = 100_000 + this.random.nextInt(5_000_000);
			return new AuditEvent("USER_LOGIN", "USER", user, null,
					new CopyText.Json().put("ip", "203.0.113." + this.random.nextInt(256)).toString(), null, at, user);
		}
		if (roll < 80) {
			return new AuditEvent("CHANNEL_SYNC", "SYSTEM", null, null,
					new CopyText.Json().put("channel", "ota-" + this.random.nextInt(5))
						.put("rooms", this.random.nextInt(500))
						.toString(),
					null, at, null);
		}
		if (roll < 99) {
			return new AuditEvent("HEALTH_CHECK", "SYSTEM", null, null,
					new CopyText.Json().put("status", "ok").put("latency_ms", this.random.nextInt(200)).toString(),
					null, at, null);
		}
		long user = 100_000 + this.random.nextInt(5_000_000);
		return new AuditEvent("GDPR_EXPORT", "USER", user, null,
				new CopyText.Json().put("requested_by", "guest").toString(), null, at, user);
	}

	private AuditEvent event(String action, SeedBooking booking, Instant at, CopyText.Json before, CopyText.Json after,
			Long userId) {
		return new AuditEvent(action, "BOOKING", booking.id(), (before != null) ? before.toString() : null,
				(after != null) ? after.toString() : null, null, this.capped ? min(at, this.end) : at, userId);
	}

	private CopyText.Json messy(CopyText.Json payload) {
		if (this.random.nextDouble() < Messy.PAYLOAD_MISSING_KEYS) {
			return new CopyText.Json();
		}
		return payload;
	}

	private Instant between(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return from.plusSeconds(1);
		}
		long seconds = Duration.between(from, to).toSeconds();
		return from.plusSeconds(1 + (long) (this.random.nextDouble() * seconds));
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/** One audit row to be written. */
	record AuditEvent(String action, String resourceType, Long resourceId, String oldValues, String newValues,
			String metadata, Instant createdAt, Long userId) {

	}

}
