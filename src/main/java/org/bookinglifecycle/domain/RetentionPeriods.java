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
 */
@ConfigurationProperties("retention")
public record RetentionPeriods(Map<String, Integer> tiers, Integer bookingHistory) {

	/** The tiers of {@code audit_retention_tier}. */
	public static final List<String> TIERS = List.of("critical", "standard", "system");

	public RetentionPeriods {
		tiers = (tiers != null) ? Map.copyOf(tiers) : Map.of();
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
		return problems;
	}

}
