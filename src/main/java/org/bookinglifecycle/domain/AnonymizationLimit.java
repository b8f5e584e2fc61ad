package org.bookinglifecycle.domain;

import java.time.DateTimeException;
import java.time.Period;
import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;

import org.springframework.core.env.Environment;

/**
 * The anonymization limit: {@code anonymize.after} of {@code jobs/anonymize-guests.yml},
 * how long after check-out a stay keeps its guest's personal data. Everything that
 * applies it besides anonymize-guests itself (scan-pii, purge-retention's check that
 * history is anonymized before it is purged, the alerts, the dashboard) reads it here,
 * one way: a missing or bad value refuses to start, naming the file and the key, never a
 * silent default.
 */
public final class AnonymizationLimit {

	/** The key. */
	public static final String KEY = "anonymize.after";

	/** The file that holds it. */
	public static final String FILE = "jobs/anonymize-guests.yml";

	private AnonymizationLimit() {
	}

	/**
	 * What is wrong with a value of the limit.
	 * @param text the value, or {@code null} when the key is absent
	 * @return the problems, each naming the key and the file; empty when valid
	 */
	public static List<String> problems(String text) {
		if (text == null || text.isBlank()) {
			return List.of(KEY + " is not set in " + FILE + "; allowed: an ISO period such as P2Y or P18M (every"
					+ " job and check that applies the anonymization's limit needs it)");
		}
		try {
			Period after = Period.parse(text.strip());
			if (after.isNegative() || after.isZero()) {
				return List.of(KEY + " '" + text + "' in " + FILE + " must be positive, such as P2Y");
			}
			return List.of();
		}
		catch (DateTimeException ex) {
			return List.of(KEY + " '" + text + "' in " + FILE
					+ " is not a period; allowed: an ISO period such as P2Y or P18M");
		}
	}

	/**
	 * The limit in force.
	 * @param environment the environment, where every {@code jobs/*.yml} is a property
	 * source
	 * @return the period
	 * @throws BadUsageException when it is missing or not a positive period
	 */
	public static Period require(Environment environment) {
		String text = environment.getProperty(KEY);
		List<String> problems = problems(text);
		if (!problems.isEmpty()) {
			throw new BadUsageException(FILE + " is not valid: " + String.join("; ", problems) + ".");
		}
		return Period.parse(text.strip());
	}

}
