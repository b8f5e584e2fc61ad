package org.bookinglifecycle.kit;

import java.time.Duration;
import java.time.Instant;

/**
 * Work the schedule daemon repeats while it is up, beside the nightly chains (the alert
 * rules' evaluation, later the outbox relay): a bean of a feature package implementing
 * this, found by the daemon, which knows none of them by name. Every node of a cluster
 * runs it; a task that must run once per round across nodes takes its own database lock.
 */
public interface DaemonTask {

	/**
	 * The task's name, in logs.
	 * @return a code
	 */
	String name();

	/**
	 * Check the task's settings before the daemon joins the cluster.
	 * @throws org.bookinglifecycle.kit.definition.BadUsageException naming the file, line
	 * and what is allowed, when they are not valid
	 */
	void check();

	/**
	 * How long between two rounds (from the end of one to the start of the next).
	 * @return a positive duration
	 */
	Duration interval();

	/**
	 * Whether the task has work on this node (a relay with no channel enabled has none):
	 * an inactive task is checked and described, never run.
	 * @return {@code true} to run it at its interval
	 */
	default boolean active() {
		return true;
	}

	/**
	 * What the daemon prints at start: the task and how often it runs, or why it does
	 * not.
	 * @return one line
	 */
	default String describe() {
		return name() + ": every " + interval();
	}

	/**
	 * One round. An exception is logged by the daemon and the next round runs as usual.
	 * @param now the time it is
	 */
	void runOnce(Instant now);

}
