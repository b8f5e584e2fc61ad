package org.bookinglifecycle.support;

import java.util.List;

import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.CompositeJobParametersValidator;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
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

	/**
	 * A job builder whose start also runs the job's own checks (its rules, say): a
	 * problem stops the run before any work, and the CLI exits 2 with the message.
	 * @param spec the job's spec
	 * @param checks the job's own checks
	 * @return the builder
	 */
	public JobBuilder builder(LifecycleJobSpec spec, JobParametersValidator checks) {
		CompositeJobParametersValidator validator = new CompositeJobParametersValidator();
		validator.setValidators(List.of(spec.validator(), checks));
		return new JobBuilder(spec.name(), this.jobRepository).validator(validator).listener(this.owners);
	}

}
