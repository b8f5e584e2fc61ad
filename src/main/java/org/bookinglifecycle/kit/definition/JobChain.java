package org.bookinglifecycle.kit.definition;

import java.util.List;

/**
 * A night: a job with a cron of its own and the jobs that follow it ({@code after:}), run
 * one after the other as one Spring Batch job of that name, identified by the night's
 * {@code asOf}.
 *
 * @param name the chain's name (its head's {@code schedule.chain})
 * @param head the job with the cron; its schedule is the chain's
 * @param members the jobs in run order, the head first
 */
public record JobChain(String name, LifecycleJobSpec head, List<LifecycleJobSpec> members) {

	/**
	 * The chain's schedule: its head's.
	 * @return the schedule
	 */
	public JobSchedule schedule() {
		return this.head.schedule();
	}

}
