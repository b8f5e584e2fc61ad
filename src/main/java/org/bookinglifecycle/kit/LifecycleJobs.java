package org.bookinglifecycle.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.parameters.CompositeJobParametersValidator;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.builder.TaskletStepBuilder;
import org.springframework.batch.core.step.tasklet.TaskletStep;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds every lifecycle job and step the same way: the job from its definition
 * ({@code jobs/<job>.yml}), its parameters validated against its spec whoever launches
 * it, its own checks run before any work, the suite's listeners added, and the dry-run
 * flow (a dry run takes its own path, usually one report step, a real run the job's
 * steps); chunked steps through {@link ChunkedStep}, report steps through
 * {@link ReportTasklet}.
 */
@Component
public class LifecycleJobs {

	private static final Logger logger = LoggerFactory.getLogger(LifecycleJobs.class);

	private static final String DRY_RUN = "DRY_RUN";

	private static final String REAL_RUN = "REAL_RUN";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	private final JobDefinitions definitions;

	private final ObjectProvider<SuiteJobListener> listeners;

	public LifecycleJobs(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			JobDefinitions definitions, ObjectProvider<SuiteJobListener> listeners) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = jdbc;
		this.definitions = definitions;
		this.listeners = listeners;
	}

	/**
	 * Start a job's definition.
	 * @param name the job name, as its definition file is named
	 * @return the builder
	 */
	public JobFlow job(String name) {
		return new JobFlow(this.definitions.spec(name));
	}

	/**
	 * Start a chunked step.
	 * @param <I> what the reader returns
	 * @param <O> what the writer takes
	 * @param name the step's name
	 * @return the builder
	 */
	public <I, O> ChunkedStep<I, O> chunkedStep(String name) {
		return new ChunkedStep<>(name, this.jobRepository, this.transactionManager, this.jdbc);
	}

	/**
	 * A step that is one report query (see {@link ReportTasklet}), run again on every
	 * restart (a report says what is true now).
	 * @param name the step's name
	 * @param heading what its line starts with
	 * @param sql the query, returning kind, name, rows
	 * @param parameters from the step's run to the query's parameters
	 * @return the tasklet; {@code asStep()} makes the step
	 */
	public ReportTasklet report(String name, String heading, String sql, Function<StepRun, Object[]> parameters) {
		return new ReportTasklet(name, this.jobRepository, this.transactionManager, this.jdbc, heading, sql,
				parameters);
	}

	/**
	 * A step that is one tasklet, built afresh for each execution from its run: for work
	 * that is not a stream of rows (DDL, a swap, a verification). The tasklet returns
	 * {@code CONTINUABLE} after each unit of work it commits, so a stop request is seen
	 * between units; each call runs in the step's transaction, and a tasklet that commits
	 * its own transactions (DDL with {@link ShortLockDdl}) keeps that one empty. Each
	 * call first passes the {@link ExecutionFence} in the step's transaction. A tasklet
	 * that is also a {@link StepExecutionListener} is registered as one (to release what
	 * it holds after the step).
	 * @param name the step's name
	 * @param tasklet from the run to the tasklet
	 * @return the step
	 */
	public Step tasklet(String name, Function<StepRun, Tasklet> tasklet) {
		return new ChunkedStep.PerExecutionStep(name, false, (execution) -> {
			StepRun run = new StepRun(RunParameters.of(execution.getJobParameters()), execution, new StepCounters());
			Tasklet work = tasklet.apply(run);
			ExecutionFence fence = new ExecutionFence(this.jdbc, execution.getJobExecutionId());
			TaskletStepBuilder builder = new StepBuilder(name, this.jobRepository).tasklet((contribution, context) -> {
				// in the step's transaction, held until it commits: a call after a
				// recovery does nothing
				fence.check();
				try {
					return work.execute(contribution, context);
				}
				catch (DataAccessException ex) {
					// the database's own words first: Spring's message of a statement is
					// its
					// text, whose first line (all the execution's record shows) is the
					// SQL
					// file's header
					throw new IllegalStateException(name + " failed: " + firstLine(ex.getMostSpecificCause()), ex);
				}
			}, this.transactionManager).stream(run.counters());
			if (work instanceof StepExecutionListener listener) {
				builder.listener(listener);
			}
			TaskletStep step = builder.build();
			// throttle and maxRuntime between calls, as between a chunked step's chunks
			step.setInterruptionPolicy(ChunkPacer.forTasklets(run.parameters()));
			return step;
		});
	}

	private static String firstLine(Throwable cause) {
		String message = String.valueOf(cause.getMessage());
		int newline = message.indexOf('\n');
		return cause.getClass().getSimpleName() + ": " + ((newline < 0) ? message : message.substring(0, newline));
	}

	/** The definition of one job: its checks, listeners and steps. */
	public final class JobFlow {

		private final LifecycleJobSpec spec;

		private final List<JobParametersValidator> checks = new ArrayList<>();

		private final List<JobExecutionListener> jobListeners = new ArrayList<>();

		private Step dryRun;

		private JobFlow(LifecycleJobSpec spec) {
			this.spec = spec;
			this.checks.add(spec.validator());
		}

		/**
		 * The job's own checks (its rules, say), run when a run starts: a problem stops
		 * it before any work, and the CLI exits 2 with the message.
		 * @param what what is checked, e.g. {@code jobs/archive-bookings.yml}
		 * @param problems everything wrong, each naming its setting and what is allowed
		 * @return this
		 */
		public JobFlow check(String what, Supplier<List<String>> problems) {
			this.checks.add((parameters) -> {
				List<String> found = problems.get();
				if (!found.isEmpty()) {
					throw new InvalidJobParametersException(what + " is not valid: " + String.join("; ", found) + ".");
				}
			});
			return this;
		}

		/**
		 * The job's own checks of a run's parameters (a table name against the catalog,
		 * say), run when a run starts, before any work: a problem stops it and the CLI
		 * exits 2 with the message.
		 * @param what what is checked, e.g. {@code parameter table}
		 * @param problems everything wrong with the run, each naming what is allowed
		 * @return this
		 */
		public JobFlow checkRun(String what, Function<RunParameters, List<String>> problems) {
			this.checks.add((parameters) -> {
				List<String> found = problems.apply(RunParameters.of(parameters));
				if (!found.isEmpty()) {
					throw new InvalidJobParametersException(what + ": " + String.join("; ", found) + ".");
				}
			});
			return this;
		}

		/**
		 * A listener of this job's executions.
		 * @param listener the listener
		 * @return this
		 */
		public JobFlow listener(JobExecutionListener listener) {
			this.jobListeners.add(listener);
			return this;
		}

		/**
		 * Tables whose statistics a completed real run refreshes ({@code ANALYZE}, a
		 * sample of 30,000 rows whatever the size): a run that changed many rows
		 * otherwise leaves the planner and the estimates of {@code status} on the old
		 * figures until autovacuum comes. Best effort: a user who may not analyze gets a
		 * warning in the log, the run is not failed.
		 * @param tables the tables, constants of the job (never input)
		 * @return this
		 */
		public JobFlow analyze(String... tables) {
			return listener(new JobExecutionListener() {
				@Override
				public void afterJob(JobExecution execution) {
					if (execution.getStatus() != BatchStatus.COMPLETED
							|| RunParameters.of(execution.getJobParameters()).dryRun()) {
						return;
					}
					for (String table : tables) {
						try {
							LifecycleJobs.this.jdbc.execute("ANALYZE " + table);
						}
						catch (DataAccessException ex) {
							logger.warn("{}: could not ANALYZE {} ({}); status estimates follow autovacuum",
									JobFlow.this.spec.name(), table, ex.getMostSpecificCause().getMessage());
						}
					}
				}
			});
		}

		/**
		 * What a dry run does instead of the steps: usually one report step that writes
		 * nothing.
		 * @param step the dry run's step
		 * @return this
		 */
		public JobFlow dryRun(Step step) {
			this.dryRun = step;
			return this;
		}

		/**
		 * The job, whose real run takes these steps in order.
		 * @param first the first step
		 * @param next the steps after it
		 * @return the job
		 */
		public Job steps(Step first, Step... next) {
			CompositeJobParametersValidator validator = new CompositeJobParametersValidator();
			validator.setValidators(this.checks);
			JobBuilder builder = new JobBuilder(this.spec.name(), LifecycleJobs.this.jobRepository)
				.validator(validator);
			LifecycleJobs.this.listeners.orderedStream().forEach(builder::listener);
			this.jobListeners.forEach(builder::listener);
			FlowBuilder<Flow> real = new FlowBuilder<>(this.spec.name() + "-run");
			real.start(first);
			for (Step step : next) {
				real.next(step);
			}
			if (this.dryRun == null) {
				return builder.start(real.build()).end().build();
			}
			JobExecutionDecider decider = (jobExecution, stepExecution) -> new FlowExecutionStatus(
					RunParameters.of(jobExecution.getJobParameters()).dryRun() ? DRY_RUN : REAL_RUN);
			return builder.start(decider)
				.on(DRY_RUN)
				.to(this.dryRun)
				.from(decider)
				.on(REAL_RUN)
				.to(real.build())
				.end()
				.build();
		}

	}

}
