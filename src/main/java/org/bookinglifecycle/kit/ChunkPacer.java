package org.bookinglifecycle.kit;

import java.time.Duration;
import java.time.LocalDateTime;

import org.bookinglifecycle.kit.definition.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;
import org.springframework.batch.core.step.ThreadStepInterruptionPolicy;

/**
 * Paces a chunked step between its chunks, where no transaction is open: pauses for
 * {@code throttle}, and once {@code maxRuntime} has passed since the job execution
 * started, stops the step cleanly (status STOPPED, restartable from the last committed
 * chunk). Also honours thread interruption and {@code stop} requests, like Spring Batch's
 * default policy. {@link #forTasklets} paces a tasklet step the same way between its
 * calls (each call is its own transaction).
 */
public class ChunkPacer implements StepInterruptionPolicy {

	private static final Logger logger = LoggerFactory.getLogger(ChunkPacer.class);

	private final StepInterruptionPolicy standard = new ThreadStepInterruptionPolicy();

	private final Duration maxRuntime;

	private final Duration throttle;

	/**
	 * A pacer for one run.
	 * @param parameters the run's {@code maxRuntime} and {@code throttle}
	 */
	public ChunkPacer(RunParameters parameters) {
		this.maxRuntime = parameters.maxRuntime();
		this.throttle = parameters.throttle();
	}

	/**
	 * A pacer for the tasklet steps of one run. A tasklet step asks its policy before and
	 * after each call; pacing after a call would pause, or stop, a step whose last call
	 * just finished its work. The check before a call sees the commit count the check
	 * after the previous call saw; the check after a call sees it one higher: only the
	 * former paces (thread interruption and {@code stop} requests count in both).
	 * @param parameters the run's {@code maxRuntime} and {@code throttle}
	 * @return the policy, for one step execution
	 */
	public static StepInterruptionPolicy forTasklets(RunParameters parameters) {
		ChunkPacer pacer = new ChunkPacer(parameters);
		return new StepInterruptionPolicy() {

			private long lastCommitCount = -1;

			@Override
			public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
				long commits = stepExecution.getCommitCount();
				boolean beforeACall = this.lastCommitCount < 0 || commits == this.lastCommitCount;
				this.lastCommitCount = commits;
				if (beforeACall) {
					pacer.checkInterrupted(stepExecution);
				}
				else {
					pacer.checkStopped(stepExecution);
				}
			}

		};
	}

	@Override
	public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
		checkStopped(stepExecution);
		pace(stepExecution);
	}

	private void checkStopped(StepExecution stepExecution) throws JobInterruptedException {
		try {
			this.standard.checkInterrupted(stepExecution);
		}
		catch (JobInterruptedException ex) {
			// Spring Batch 6.0.4's ChunkOrientedStep ends its loop on an interruption but
			// marks the step COMPLETED unless it is terminate-only, so a restart would
			// skip
			// the rest of its work: make every interruption a stop
			stepExecution.setTerminateOnly();
			throw ex;
		}
	}

	private void pace(StepExecution stepExecution) throws JobInterruptedException {
		LocalDateTime started = stepExecution.getJobExecution().getStartTime();
		if (this.maxRuntime != null && started != null
				&& Duration.between(started, LocalDateTime.now()).compareTo(this.maxRuntime) >= 0) {
			logger.info("{}: maxRuntime {} reached, stopping at this chunk boundary", stepExecution.getStepName(),
					this.maxRuntime);
			stepExecution.setTerminateOnly();
			throw new JobInterruptedException("maxRuntime " + this.maxRuntime + " reached");
		}
		if (!this.throttle.isZero() && stepExecution.getCommitCount() > 0) {
			try {
				Thread.sleep(this.throttle.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				stepExecution.setTerminateOnly();
				throw new JobInterruptedException("interrupted while throttling");
			}
		}
	}

}
