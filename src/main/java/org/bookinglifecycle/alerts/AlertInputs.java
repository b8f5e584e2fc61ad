package org.bookinglifecycle.alerts;

import java.util.List;
import java.util.Map;

import org.bookinglifecycle.kit.definition.JobChain;

/**
 * What some rules measure against, from the other files of {@code jobs/}: the chains and
 * their crons ({@code job-overdue}), the retention periods of
 * {@code jobs/purge-retention.yml} ({@code retention-overdue}) and
 * {@code anonymize.after} of {@code jobs/anonymize-guests.yml}
 * ({@code anonymization-overdue}).
 *
 * @param chains the scheduled chains
 * @param tierYears the retention period of each audit tier, in years
 * @param historyYears the retention period of booking_history, in years
 * @param anonymizeAfter the ISO period after check-out a stay is due for anonymization
 */
public record AlertInputs(List<JobChain> chains, Map<String, Integer> tierYears, int historyYears,
		String anonymizeAfter) {

}
