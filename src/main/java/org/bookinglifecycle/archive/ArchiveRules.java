package org.bookinglifecycle.archive;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The archive rules ({@code archive.rules} in {@code jobs/archive-bookings.yml}) and
 * their checks. Money in flight (payment {@code pending} or {@code failed}) is never
 * archived: a rule naming it is refused, and the report counts such bookings as held
 * back.
 *
 * @param rules the rules, in file order
 * @param lockTimeout how long a chunk may wait for a table lock before it fails (rows
 * locked by the platform are skipped, never waited for)
 */
@ConfigurationProperties("archive")
public record ArchiveRules(List<ArchiveRule> rules, Duration lockTimeout) {

	/** Booking statuses the platform knows. */
	public static final Set<String> BOOKING_STATUSES = Set.of("pending", "confirmed", "checked_in", "completed",
			"cancelled", "no_show");

	/** Payment statuses that settle a booking's money. */
	public static final Set<String> SETTLED_PAYMENTS = Set.of("paid", "refunded", "partially_refunded");

	/** Payment statuses with money in flight: never archived. */
	public static final List<String> MONEY_IN_FLIGHT = List.of("pending", "failed");

	public ArchiveRules {
		rules = (rules != null) ? List.copyOf(rules) : List.of();
		lockTimeout = (lockTimeout != null) ? lockTimeout : Duration.ofSeconds(2);
	}

	/**
	 * Everything wrong with the rules, each naming its rule and what is allowed.
	 * @return the problems, empty when the rules are sound
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.lockTimeout.isNegative() || this.lockTimeout.isZero()) {
			problems.add("lock-timeout is " + this.lockTimeout + "; allowed: a positive duration such as 2s");
		}
		if (this.rules.isEmpty()) {
			problems.add("archive.rules is empty: nothing would ever be archived");
		}
		for (int i = 0; i < this.rules.size(); i++) {
			ArchiveRule rule = this.rules.get(i);
			String name = (rule.name() != null && !rule.name().isBlank()) ? rule.name() : "#" + (i + 1);
			String at = "rule '" + name + "': ";
			if (rule.bookingStatuses() == null || rule.bookingStatuses().isEmpty()) {
				problems.add(at + "booking-statuses is empty; allowed: " + sorted(BOOKING_STATUSES));
			}
			else {
				rule.bookingStatuses()
					.stream()
					.filter((s) -> !BOOKING_STATUSES.contains(s))
					.forEach((s) -> problems
						.add(at + "unknown booking status '" + s + "'; allowed: " + sorted(BOOKING_STATUSES)));
			}
			if (rule.paymentStatuses() == null || rule.paymentStatuses().isEmpty()) {
				problems.add(at + "payment-statuses is empty; allowed: " + sorted(SETTLED_PAYMENTS));
			}
			else {
				for (String s : rule.paymentStatuses()) {
					if (MONEY_IN_FLIGHT.contains(s)) {
						problems.add(at + "payment status '" + s
								+ "' is money in flight and is never archived; allowed: " + sorted(SETTLED_PAYMENTS));
					}
					else if (!SETTLED_PAYMENTS.contains(s)) {
						problems.add(at + "unknown payment status '" + s + "'; allowed: " + sorted(SETTLED_PAYMENTS));
					}
				}
			}
			if (rule.after() == null || !ArchiveRule.ANCHORS.contains(rule.after())) {
				problems
					.add(at + "after is '" + rule.after() + "'; allowed: " + String.join(", ", ArchiveRule.ANCHORS));
			}
			if (rule.days() == null || rule.days() < 0) {
				problems.add(at + "days is " + rule.days() + "; allowed: a whole number, 0 or more");
			}
			if (rule.reason() == null || !rule.reason().matches("[A-Z][A-Z_]{0,29}")) {
				problems.add(at + "reason is '" + rule.reason() + "'; allowed: UPPER_CASE, at most 30 characters");
			}
			for (int j = 0; j < i; j++) {
				ArchiveRule other = this.rules.get(j);
				if (overlap(rule, other) && rule.reason() != null && !rule.reason().equals(other.reason())) {
					problems.add(at + "overlaps rule '" + other.name() + "' (same booking and payment status) with a "
							+ "different reason (" + rule.reason() + " vs " + other.reason() + ")");
				}
			}
		}
		return problems;
	}

	/**
	 * The rules as the SQL statements take them ({@code jsonb_to_recordset}), each with
	 * its cutoff date for {@code asOf}: a booking qualifies when its anchor date is
	 * before it.
	 * @param asOf the business date
	 * @return a JSON array, values only
	 */
	public String toJson(LocalDate asOf) {
		StringBuilder json = new StringBuilder("[");
		for (ArchiveRule rule : this.rules) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append("{\"name\":").append(quote(rule.name()));
			json.append(",\"booking_statuses\":").append(array(rule.bookingStatuses()));
			json.append(",\"payment_statuses\":").append(array(rule.paymentStatuses()));
			json.append(",\"anchor\":").append(quote(rule.after()));
			json.append(",\"cutoff\":").append(quote(asOf.minusDays(rule.days()).plusDays(1).toString()));
			json.append(",\"reason\":").append(quote(rule.reason())).append('}');
		}
		return json.append(']').toString();
	}

	private static boolean overlap(ArchiveRule a, ArchiveRule b) {
		return a.bookingStatuses() != null && b.bookingStatuses() != null && a.paymentStatuses() != null
				&& b.paymentStatuses() != null && a.bookingStatuses().stream().anyMatch(b.bookingStatuses()::contains)
				&& a.paymentStatuses().stream().anyMatch(b.paymentStatuses()::contains);
	}

	private static String array(List<String> values) {
		return "[" + String.join(",", values.stream().map(ArchiveRules::quote).toList()) + "]";
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String sorted(Set<String> values) {
		return String.join(", ", values.stream().sorted().toList());
	}

}
