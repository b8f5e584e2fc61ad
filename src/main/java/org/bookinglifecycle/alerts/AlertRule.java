package org.bookinglifecycle.alerts;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One rule of {@code jobs/alerts.yml} as configured: it fires for a subject when the
 * value its query measures is greater than the threshold.
 *
 * @param name the rule, one of {@link AlertRules#KNOWN}
 * @param severity info, warning or critical
 * @param threshold the value above which it fires
 * @param window the look-back (or grace) the rule's query takes, {@code null} for a rule
 * that takes none
 * @param runbook one line: what ops do when it fires
 * @param enabled whether the daemon evaluates it
 */
public record AlertRule(String name, String severity, BigDecimal threshold, Duration window, String runbook,
		boolean enabled) {

	/**
	 * Whether a value makes the rule fire.
	 * @param value the value measured
	 * @return {@code value > threshold}
	 */
	public boolean fires(BigDecimal value) {
		return value.compareTo(this.threshold) > 0;
	}

}
