package org.bookinglifecycle.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Work the daemon runs on every node at a fixed interval besides the nights (the outbox
 * relay, alert rules): any bean of this type in the daemon's context is started with the
 * scheduler and stopped before it. A task that runs on several nodes at once must be safe
 * to (row locks, state in the database).
 */
public interface DaemonTask {

	/**
	 * What the daemon prints at start: the task and how often it runs, or why it does
	 * not.
	 * @return one line
	 */
	String describe();

	/**
	 * How long between the end of one run and the start of the next.
	 * @return the interval, or {@code null} when the task has nothing to do (not started)
	 */
	Duration interval();

	/**
	 * One run; an exception is logged and the next run comes at the interval.
	 * @param now the time
	 */
	void run(Instant now);

}
