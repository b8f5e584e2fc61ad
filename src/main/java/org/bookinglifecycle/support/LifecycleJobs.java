package org.bookinglifecycle.support;

import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts every lifecycle job's definition the same way: its parameters validated against
 * its spec whoever launches it, and its owner recorded for {@code recover}.
 */
@Component
public class LifecycleJobs {

	private final JobRepository jobRepository;

	private final ExecutionOwners owners;

	public LifecycleJobs(JobRepository jobRepository, ExecutionOwners owners) {
		this.jobRepository = jobRepository;
		this.owners = owners;
	}

	/**
	 * A job builder for the job of that spec.
	 * @param spec the job's spec
	 * @return the builder, validator and owner listener set
	 */
	public JobBuilder builder(LifecycleJobSpec spec) {
		return new JobBuilder(spec.name(), this.jobRepository).validator(spec.validator()).listener(this.owners);
	}

}
