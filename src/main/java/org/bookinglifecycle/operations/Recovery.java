package org.bookinglifecycle.operations;

/**
 * What automatic recovery ({@link JobOperations#recoverPresumedGone}) did with one
 * execution: whether it fenced and recovered it, and if not, why.
 *
 * @param executionId the execution
 * @param job its job
 * @param outcome what was done
 * @param sessionsEnded database sessions of the old owner ended by the fence
 * @param detail one line for a log or a report: statuses, ids, owner's host and pid
 */
public record Recovery(long executionId, String job, Outcome outcome, int sessionsEnded, String detail) {

	/** What automatic recovery did. */
	public enum Outcome {

		/** The owner was presumed gone: fenced, now FAILED and restartable. */
		RECOVERED,
		/** The owner is alive (or is this process): nothing was touched. */
		OWNER_ALIVE,
		/** No owner was recorded, so nothing can be presumed: nothing was touched. */
		NO_OWNER,
		/** The execution is not running (it ended, or was recovered already). */
		NOT_RUNNING

	}

	/**
	 * Whether the execution was recovered.
	 * @return whether the outcome is {@link Outcome#RECOVERED}
	 */
	public boolean recovered() {
		return this.outcome == Outcome.RECOVERED;
	}

}
