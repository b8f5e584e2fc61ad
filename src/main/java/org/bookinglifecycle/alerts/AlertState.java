package org.bookinglifecycle.alerts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The stored state of one rule for one subject ({@code lifecycle_alert_states}).
 *
 * @param rule the rule
 * @param subject a job, a chain, a tier, a partition, or empty for the whole suite
 * @param severity its severity when last evaluated
 * @param firing whether it fires
 * @param since when the current state (firing or not) began
 * @param value the last value measured
 * @param threshold the threshold then
 * @param evaluatedAt when it was last evaluated
 */
public record AlertState(String rule, String subject, String severity, boolean firing, Instant since, BigDecimal value,
		BigDecimal threshold, Instant evaluatedAt) {

}
