package org.bookinglifecycle.pii;

import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.domain.AnonymizationLimit;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * What the scan takes from the anonymization's settings ({@code anonymize.*} of
 * {@code jobs/anonymize-guests.yml}, read as properties, so they are stated once): the
 * limit ({@code anonymize.after}), the values a masked field may hold (each rule's
 * constant or template), and the history columns a rule masks.
 *
 * @param after the limit, or {@code null} when absent or not a period
 * @param forms the rules' values, templates with {@code {id}} as written
 * @param maskedColumns the booking_history columns a rule masks
 * @param problems what is wrong with the settings; empty when a scan can run
 */
record MaskedForms(Period after, List<String> forms, List<String> maskedColumns, List<String> problems) {

	static final String AFTER = AnonymizationLimit.KEY;

	private static final Pattern VALUE = Pattern
		.compile("anonymize\\.(columns|json)\\..+\\.value|anonymize\\.ip-address\\.value");

	private static final Pattern COLUMN = Pattern.compile("anonymize\\.columns\\.([A-Za-z0-9_]+)\\.strategy");

	/**
	 * Read from the properties in force.
	 * @param environment the environment, where every {@code jobs/*.yml} is a property
	 * source
	 * @return the forms
	 */
	static MaskedForms from(Environment environment) {
		Map<String, String> properties = new TreeMap<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						if (name.startsWith("anonymize.")) {
							properties.put(name, environment.getProperty(name));
						}
					}
				}
			}
		}
		properties.put(AFTER, environment.getProperty(AFTER));
		return of(properties);
	}

	/**
	 * Read from flattened properties.
	 * @param properties {@code anonymize.*} names and their values
	 * @return the forms
	 */
	static MaskedForms of(Map<String, String> properties) {
		List<String> problems = new ArrayList<>();
		Period after = null;
		String text = properties.get(AFTER);
		problems.addAll(AnonymizationLimit.problems(text));
		if (problems.isEmpty()) {
			after = Period.parse(text.strip());
		}
		TreeSet<String> forms = new TreeSet<>();
		TreeSet<String> columns = new TreeSet<>();
		properties.forEach((name, value) -> {
			if (value != null && VALUE.matcher(name).matches()) {
				forms.add(value);
			}
			Matcher column = COLUMN.matcher(name);
			if (column.matches()) {
				columns.add(column.group(1));
			}
		});
		return new MaskedForms(after, List.copyOf(forms), List.copyOf(columns), List.copyOf(problems));
	}

}
