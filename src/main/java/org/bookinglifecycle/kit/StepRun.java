package org.bookinglifecycle.kit;

import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.step.StepExecution;

/**
 * What a step's reader and writer are built from when the step runs: the run's typed
 * parameters, the step execution (ids of the job instance, a partition's range) and the
 * step's counters.
 *
 * @param parameters the run's parameters
 * @param execution the step execution
 * @param counters the step's counters, saved with each chunk
 */
public record StepRun(RunParameters parameters, StepExecution execution, StepCounters counters) {

	/**
	 * The first id of this partition's range (the smallest id of all for a step that is
	 * not partitioned).
	 * @return the first id
	 */
	public long minId() {
		return this.execution.getExecutionContext().getLong(IdRangePartitioner.MIN_ID, Long.MIN_VALUE);
	}

	/**
	 * The last id of this partition's range (the largest of all when not partitioned).
	 * @return the last id
	 */
	public long maxId() {
		return this.execution.getExecutionContext().getLong(IdRangePartitioner.MAX_ID, Long.MAX_VALUE);
	}

	/**
	 * The job instance: stable across restarts, what findings and skip records are keyed
	 * by.
	 * @return its id
	 */
	public long jobInstanceId() {
		return this.execution.getJobExecution().getJobInstance().getInstanceId();
	}

	/**
	 * The job execution.
	 * @return its id
	 */
	public long jobExecutionId() {
		return this.execution.getJobExecutionId();
	}

}
