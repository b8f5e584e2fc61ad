package org.bookinglifecycle.integrity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * verify-integrity's settings ({@code integrity} in {@code jobs/verify-integrity.yml}).
 *
 * @param withinNights every history row (and audit id) is re-verified at least once in
 * this many nights
 */
@ConfigurationProperties("integrity")
public record IntegritySettings(Integer withinNights) {

	/** The default of {@code integrity.within-nights}. */
	static final int DEFAULT_WITHIN_NIGHTS = 30;

	public IntegritySettings {
		withinNights = (withinNights != null) ? withinNights : DEFAULT_WITHIN_NIGHTS;
	}

	/**
	 * Everything wrong with the settings.
	 * @return the problems, each naming the setting and what is allowed
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.withinNights < 1 || this.withinNights > 366) {
			problems.add("integrity.within-nights is " + this.withinNights + "; allowed: 1 to 366");
		}
		return problems;
	}

}
