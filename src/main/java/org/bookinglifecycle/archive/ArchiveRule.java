package org.bookinglifecycle.archive;

import java.util.List;

/**
 * One archive rule of {@code jobs/archive-bookings.yml}: bookings in these booking and
 * payment statuses qualify {@code days} whole days after their check-out or cancellation
 * date, and are archived with {@code reason}.
 *
 * @param name shown in summaries
 * @param bookingStatuses booking statuses taken
 * @param paymentStatuses payment statuses taken
 * @param after {@code check-out} or {@code cancellation}
 * @param days whole days after that date
 * @param reason the history row's {@code archive_reason}
 */
public record ArchiveRule(String name, List<String> bookingStatuses, List<String> paymentStatuses, String after,
		Integer days, String reason) {

	/** What {@code after} may say. */
	public static final List<String> ANCHORS = List.of("check-out", "cancellation");

}
