package org.bookinglifecycle.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bookinglifecycle.kit.definition.JobDefinitions;

import org.springframework.core.env.Environment;

/**
 * The settings of {@code jobs/scan-pii.yml}: {@code scan-pii.rescan-within-nights}, the
 * number of nights within which every booking past the limit is scanned again (a rotating
 * share of about one in that many each night, besides what became due or was written), 30
 * unless set.
 *
 * @param rescanWithinNights the nights, 1 to 366
 * @param problems what is wrong with the settings; empty when a scan can run
 */
record ScanSettings(int rescanWithinNights, List<String> problems) {

	/** The setting's name, as a property. */
	static final String RESCAN_WITHIN = "scan-pii.rescan-within-nights";

	/** The settings that exist, by block: anything else stops a run. */
	static final Map<String, Set<String>> SETTINGS = Map.of("scan-pii", Set.of("rescan-within-nights"));

	/** The default number of nights. */
	static final int DEFAULT_NIGHTS = 30;

	/** The largest number of nights: a year, leap day included. */
	static final int MAX_NIGHTS = 366;

	/**
	 * Read from the properties in force (every {@code jobs/*.yml} is a property source).
	 * @param environment the environment
	 * @param definitions the job definitions, whose file is checked for unknown keys
	 * @return the settings
	 */
	static ScanSettings from(Environment environment, JobDefinitions definitions) {
		List<String> problems = new ArrayList<>(definitions.unknownSettings("scan-pii.yml", SETTINGS));
		String text = environment.getProperty(RESCAN_WITHIN);
		int nights = DEFAULT_NIGHTS;
		if (text != null) {
			try {
				nights = Integer.parseInt(text.strip());
			}
			catch (NumberFormatException ex) {
				nights = 0;
			}
			if (nights < 1 || nights > MAX_NIGHTS) {
				problems.add(RESCAN_WITHIN + " is '" + text + "'; allowed: a whole number of nights from 1 to "
						+ MAX_NIGHTS);
				nights = DEFAULT_NIGHTS;
			}
		}
		return new ScanSettings(nights, List.copyOf(problems));
	}

}
