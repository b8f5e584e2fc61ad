package org.bookinglifecycle.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.micrometer.observation.ObservationRegistry;
import org.bookinglifecycle.kit.SuiteJobListener;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.DuplicateJobException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The nights the scheduler runs: one Spring Batch job per chain of {@code jobs/*.yml} (a
 * job with a cron, then every job whose {@code after:} leads to it), one step per member,
 * identified by the night's {@code asOf}. A step runs its job through
 * {@link JobOperations#run} (the job's lock, its owner, the operations log) with the
 * member's scheduled parameters and the night's {@code asOf}: the same job instance a
 * {@code run JOB asOf=...} from the CLI makes. A restart of a failed night skips the
 * steps that completed and resumes at the failed job, which restarts from its last
 * committed chunk; a member an operator already completed alone for that {@code asOf} is
 * not run again. A chain job has no Job bean of its own (it is not in
 * {@code JobCatalog}'s check of definitions against beans) but runs, restarts and stops
 * like every job.
 */
@Component
public class NightlyChains {

	/** Where a chain step keeps the execution id of the job it ran. */
	public static final String CHILD_EXECUTION = "chain.childExecution";

	private final JobDefinitions definitions;

	private final Map<String, Job> jobs = new TreeMap<>();

	NightlyChains(JobDefinitions definitions, JobRepository repository, JobRegistry registry,
			ObjectProvider<SuiteJobListener> listeners, ObjectProvider<JobOperations> operations,
			ObjectProvider<ObservationRegistry> observations) throws DuplicateJobException {
		this.definitions = definitions;
		for (JobChain chain : definitions.chains()) {
			JobBuilder listened = new JobBuilder(chain.name(), repository);
			// Spring Batch's metrics of the chain, as of every job (Boot sets them on Job
			// beans only)
			observations.ifAvailable(listened::observationRegistry);
			listeners.orderedStream().forEach(listened::listener);
			SimpleJobBuilder withListeners = null;
			for (LifecycleJobSpec member : chain.members()) {
				ChildJobStep step = new ChildJobStep(member, repository, operations);
				observations.ifAvailable(step::setObservationRegistry);
				withListeners = (withListeners == null) ? listened.start(step) : withListeners.next(step);
			}
			Job job = withListeners.build();
			this.jobs.put(chain.name(), job);
			// restart finds a job by name in the registry
			registry.register(job);
		}
	}

	/**
	 * The chain of that name, if there is one.
	 * @param name a job or chain name
	 * @return the chain
	 */
	public Optional<JobChain> chain(String name) {
		return Optional.ofNullable(this.definitions.chain(name));
	}

	/**
	 * The job that runs a chain.
	 * @param name the chain's name
	 * @return the job, or {@code null} if there is no such chain
	 */
	public Job job(String name) {
		return this.jobs.get(name);
	}

	/**
	 * What ops need to know to run a chain by hand: it takes {@code asOf} only (its jobs
	 * get their scheduled parameters).
	 * @param chain the chain
	 * @return its spec
	 */
	public static LifecycleJobSpec spec(JobChain chain) {
		ParameterSpec asOf = RunParameters.COMMON.stream()
			.filter((p) -> p.name().equals(RunParameters.AS_OF))
			.findFirst()
			.orElseThrow();
		List<String> names = chain.members().stream().map(LifecycleJobSpec::name).toList();
		return new LifecycleJobSpec(chain.name(), "the night of " + String.join(" -> ", names), JobKind.NIGHTLY,
				"a rerun of the same asOf resumes at the job that failed; jobs completed for that asOf (in the chain"
						+ " or alone) are not run again",
				List.of(asOf), chain.schedule(), chain.head().source());
	}

	/**
	 * One member of a chain: runs its job for the night, or finds it already completed.
	 */
	static final class ChildJobStep extends AbstractStep {

		private final LifecycleJobSpec member;

		private final ObjectProvider<JobOperations> operations;

		ChildJobStep(LifecycleJobSpec member, JobRepository repository, ObjectProvider<JobOperations> operations) {
			super(member.name());
			this.member = member;
			this.operations = operations;
			setJobRepository(repository);
		}

		@Override
		protected void doExecute(StepExecution stepExecution) throws Exception {
			if (!this.member.schedule().enabled()) {
				stepExecution.setExitStatus(new ExitStatus(ExitStatus.COMPLETED.getExitCode(),
						"disabled in " + this.member.source() + ": not run tonight"));
				return;
			}
			JobOperations operations = this.operations.getObject();
			List<String> arguments = new ArrayList<>(this.member.schedule().parameters());
			arguments.add(RunParameters.AS_OF + "=" + RunParameters.of(stepExecution.getJobParameters()).asOf());
			JobParameters parameters = operations.parameters(this.member.name(), arguments, false);
			Optional<JobExecution> done = operations.completed(this.member.name(), parameters);
			if (done.isPresent()) {
				stepExecution.getExecutionContext().putLong(CHILD_EXECUTION, done.get().getId());
				stepExecution.setExitStatus(new ExitStatus(ExitStatus.COMPLETED.getExitCode(),
						"already completed for this asOf by execution " + done.get().getId()));
				return;
			}
			JobExecution ran = operations.run(this.member.name(), parameters);
			stepExecution.getExecutionContext().putLong(CHILD_EXECUTION, ran.getId());
			getJobRepository().updateExecutionContext(stepExecution);
			if (ran.getStatus() == BatchStatus.COMPLETED) {
				stepExecution.setExitStatus(
						new ExitStatus(ExitStatus.COMPLETED.getExitCode(), "execution " + ran.getId() + " completed"));
				return;
			}
			if (ran.getStatus() == BatchStatus.STOPPED) {
				throw new JobInterruptedException("Job " + this.member.name() + " stopped (execution " + ran.getId()
						+ "); restarting the night resumes it", BatchStatus.STOPPED);
			}
			throw new IllegalStateException("Job " + this.member.name() + " ended " + ran.getStatus() + " (execution "
					+ ran.getId() + "): " + firstLine(ran.getExitStatus().getExitDescription()));
		}

		private static String firstLine(String text) {
			return (text == null || text.isBlank()) ? "no message" : text.lines().findFirst().orElse("");
		}

	}

}
