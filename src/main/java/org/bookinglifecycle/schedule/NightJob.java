package org.bookinglifecycle.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of a chain: one fire runs (or resumes, or retries) one night. Never two
 * at once for the same chain, on any node of the cluster.
 */
@DisallowConcurrentExecution
public class NightJob implements InterruptableJob {

	private ScheduledNights nights;

	private volatile Thread thread;

	/**
	 * Set by Spring's job factory from the scheduler context.
	 * @param nights what a fire does
	 */
	public void setNights(ScheduledNights nights) {
		this.nights = nights;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.thread = Thread.currentThread();
		try {
			this.nights.fire(context);
		}
		finally {
			this.thread = null;
		}
	}

	@Override
	public void interrupt() {
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
	}

}
