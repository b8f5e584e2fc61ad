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
	 * One round. An exception is logged by the daemon and the next round runs as usual.
	 * @param now the time it is
	 */
	void runOnce(Instant now);

}
