package org.bookinglifecycle.kit;

import org.bookinglifecycle.operations.ExecutionOwners;

import java.util.List;

import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
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

	/** The decider's status for a dry run. */
	public static final String DRY_RUN = "DRY_RUN";

	/** The decider's status for a real run. */
	public static final String REAL_RUN = "REAL_RUN";

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

	/**
	 * Routes a job's flow: {@link #DRY_RUN} for a dry run (usually a report step alone),
	 * {@link #REAL_RUN} otherwise.
	 * @return the decider
	 */
	public static JobExecutionDecider dryRunDecider() {
		return (jobExecution, stepExecution) -> new FlowExecutionStatus(
				CommonParameters.isDryRun(jobExecution.getJobParameters()) ? DRY_RUN : REAL_RUN);
	}

}
