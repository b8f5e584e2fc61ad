package org.bookinglifecycle.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention periods in whole years ({@code retention} in
 * {@code jobs/purge-retention.yml}): per audit tier, and for booking_history.
 *
 * @param tiers years per tier: critical, standard, system
 * @param bookingHistory years a history row is kept
 * @param sensitiveData the seed's "sensitive data deleted after": no table holding guest
 * personal data may keep it longer
 */
@ConfigurationProperties("retention")
public record RetentionPeriods(Map<String, Integer> tiers, Integer bookingHistory, SensitiveData sensitiveData) {

	/** The tiers of {@code audit_retention_tier}. */
	public static final List<String> TIERS = List.of("critical", "standard", "system");

	public RetentionPeriods {
		tiers = (tiers != null) ? Map.copyOf(tiers) : Map.of();
		sensitiveData = (sensitiveData != null) ? sensitiveData : new SensitiveData(null);
	}

	/**
	 * The seed's sensitive-data rule.
	 *
	 * @param deleteAfter years after which guest personal data must be gone everywhere
	 */
	public record SensitiveData(Integer deleteAfter) {

	}

	/**
	 * Everything wrong with the periods.
	 * @return the problems, each naming the tier and what is allowed
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		for (String tier : TIERS) {
			Integer years = this.tiers.get(tier);
			if (years == null || years < 1 || years > 100) {
				problems.add("retention.tiers." + tier + " is " + years + "; allowed: whole years from 1 to 100");
			}
		}
		this.tiers.keySet()
			.stream()
			.filter((tier) -> !TIERS.contains(tier))
			.forEach((tier) -> problems.add("retention.tiers." + tier + " is not a tier; the tiers are " + TIERS));
		if (this.bookingHistory == null || this.bookingHistory < 1 || this.bookingHistory > 100) {
			problems
				.add("retention.booking-history is " + this.bookingHistory + "; allowed: whole years from 1 to 100");
		}
		Integer deleteAfter = this.sensitiveData.deleteAfter();
		if (deleteAfter == null || deleteAfter < 1 || deleteAfter > 100) {
			problems.add(
					"retention.sensitive-data.delete-after is " + deleteAfter + "; allowed: whole years from 1 to 100");
		}
		else {
			// every tier holds guest personal data (payer names in payments, guest
			// details in
			// booking changes, IPs in logins), and so does booking_history until
			// anonymized
			for (String tier : TIERS) {
				Integer years = this.tiers.get(tier);
				if (years != null && years > deleteAfter) {
					problems.add("retention.tiers." + tier + " is " + years + " years, longer than"
							+ " retention.sensitive-data.delete-after (" + deleteAfter + "); its rows hold guest"
							+ " personal data: allowed at most " + deleteAfter);
				}
			}
			if (this.bookingHistory != null && this.bookingHistory > deleteAfter) {
				problems.add("retention.booking-history is " + this.bookingHistory + " years, longer than"
						+ " retention.sensitive-data.delete-after (" + deleteAfter + "): allowed at most "
						+ deleteAfter);
			}
		}
		return problems;
	}

}
