package org.bookinglifecycle.cli;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * The CLI's exit codes (the README's): what a wrapper script or scheduler can branch on.
 */
public final class ExitCodes {

	/** The command did what it was asked; a job completed. */
	public static final int COMPLETED = 0;

	/** A job failed, or the command could not be carried out. */
	public static final int FAILED = 1;

	/** Bad usage: unknown command, job or parameter, malformed or missing value. */
	public static final int USAGE = 2;

	/** The job stopped (on request, or at maxRuntime) and can be restarted. */
	public static final int STOPPED = 3;

	/**
	 * Nothing to restart (or stop, abandon, recover): the execution is not in a state for
	 * it.
	 */
	public static final int NOTHING_TO_DO = 4;

	private ExitCodes() {
	}

	/**
	 * The exit code for a finished job execution: its status, and a completed run whose
	 * exit code says it found integrity failures counts as failed.
	 * @param execution the execution
	 * @return the exit code
	 */
	public static int of(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.COMPLETED
				&& execution.getExitStatus().getExitCode().startsWith("FAILED")) {
			return FAILED;
		}
		return of(execution.getStatus());
	}

	/**
	 * The exit code for a job execution's final status.
	 * @param status the batch status
	 * @return the exit code
	 */
	public static int of(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> COMPLETED;
			case STOPPED, STOPPING -> STOPPED;
			default -> FAILED;
		};
	}

}
