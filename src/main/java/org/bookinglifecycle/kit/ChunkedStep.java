package org.bookinglifecycle.kit;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one builder of a chunked step: a keyset reader, an optional processor and a writer,
 * built afresh for each execution from its {@link StepRun} (the run's typed parameters,
 * the step execution, the step's counters), with the pacer ({@code throttle},
 * {@code maxRuntime}, stop requests), the {@link ExecutionFence} in every chunk
 * transaction, progress (done / total, rate, ETA) and a summary of its counters in the
 * step's exit description. Built per execution, so partitions running in parallel never
 * share a reader, and no bean needs a Spring Batch scope. Optionally partitioned:
 * {@code gridSize} id ranges of the rows the reader would read, in parallel, each
 * restartable on its own.
 *
 * @param <I> what the reader returns
 * @param <O> what the writer takes
 */
public final class ChunkedStep<I, O> {

	private final String name;

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	private Function<StepRun, KeysetReader<I>> reader;

	private ItemProcessor<? super I, ? extends O> processor;

	private Function<StepRun, ItemWriter<? super O>> writer;

	private BiFunction<StepExecution, Map<String, Long>, String> summary;

	ChunkedStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		this.name = name;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = jdbc;
	}

	/**
	 * How the step's reader is built for a run.
	 * @param reader from the run to the reader
	 * @return this
	 */
	public ChunkedStep<I, O> reader(Function<StepRun, KeysetReader<I>> reader) {
		this.reader = reader;
		return this;
	}

	/**
	 * The step's processor (optional): returning {@code null} filters an item.
	 * @param processor the processor
	 * @return this
	 */
	public ChunkedStep<I, O> processor(ItemProcessor<? super I, ? extends O> processor) {
		this.processor = processor;
		return this;
	}

	/**
	 * How the step's writer is built for a run; it counts through
	 * {@link StepRun#counters()}.
	 * @param writer from the run to the writer
	 * @return this
	 */
	public ChunkedStep<I, O> writer(Function<StepRun, ItemWriter<? super O>> writer) {
		this.writer = writer;
		return this;
	}

	/**
	 * The step's summary, printed by {@code run} and {@code show} and kept by the job
	 * repository: made from its counters after each execution.
	 * @param summary from the step execution and its counters to one line
	 * @return this
	 */
	public ChunkedStep<I, O> summary(BiFunction<StepExecution, Map<String, Long>, String> summary) {
		this.summary = summary;
		return this;
	}

	/**
	 * The step.
	 * @return a step that builds its reader, writer and listeners for each execution
	 */
	public Step build() {
		return new PerExecutionStep(this.name, false, this::delegate);
	}

	/**
	 * The step split into {@code gridSize} id ranges run in parallel: a manager step of
	 * that name over this one as the worker ({@code <worker>:rangeN}). The ranges cover
	 * the ids the reader would read; the manager's summary adds up the ranges' counters
	 * and says what is left, counted with the reader's own query.
	 * @param managerName the manager step's name
	 * @return the manager step
	 */
	public Step partitioned(String managerName) {
		Step worker = build();
		return new PerExecutionStep(managerName, false, (execution) -> {
			RunParameters parameters = RunParameters.of(execution.getJobParameters());
			StepRun whole = new StepRun(parameters, execution, new StepCounters());
			KeysetReader<I> all = this.reader.apply(whole);
			return new StepBuilder(managerName, this.jobRepository)
				.partitioner(this.name, new IdRangePartitioner(all::bounds))
				.step(worker)
				.gridSize(parameters.gridSize())
				.taskExecutor(new SimpleAsyncTaskExecutor(this.name + "-"))
				.aggregator((result, ranges) -> {
					// counts and status as usual; the ranges' summaries stay on their own
					// steps, the manager's says their total (below)
					new DefaultStepExecutionAggregator().aggregate(result, ranges);
					result.setExitStatus(new ExitStatus(result.getExitStatus().getExitCode()));
				})
				.listener(new StepExecutionListener() {
					@Override
					public ExitStatus afterStep(StepExecution manager) {
						return manager.getExitStatus()
							.addExitDescription(
									partitionSummary(manager, all.countAhead(manager.getExecutionContext())));
					}
				})
				.build();
		});
	}

	private String partitionSummary(StepExecution manager, long left) {
		StepCounters total = new StepCounters();
		manager.getJobExecution()
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(this.name + ":"))
			.forEach((step) -> StepCounters.of(step).forEach(total::add));
		String line = (this.summary != null) ? this.summary.apply(manager, total.all())
				: StepCounters.line("", total.all());
		return line + "; left to do: " + left;
	}

	private Step delegate(StepExecution execution) {
		StepRun run = new StepRun(RunParameters.of(execution.getJobParameters()), execution, new StepCounters());
		KeysetReader<I> reader = this.reader.apply(run);
		ChunkOrientedStepBuilder<I, O> builder = new StepBuilder(this.name, this.jobRepository)
			.<I, O>chunk(run.parameters().chunkSize())
			.transactionManager(this.transactionManager)
			.reader(reader)
			.writer(this.writer.apply(run))
			.stream(run.counters())
			.interruptionPolicy(new ChunkPacer(run.parameters()))
			.listener(new ExecutionFence(this.jdbc, execution.getJobExecutionId()))
			.listener(new ProgressListener(reader));
		if (this.processor != null) {
			builder.processor(this.processor);
		}
		if (this.summary != null) {
			builder.listener(new StepExecutionListener() {
				@Override
				public ExitStatus afterStep(StepExecution step) {
					return step.getExitStatus()
						.addExitDescription(ChunkedStep.this.summary.apply(step, run.counters().all()));
				}
			});
		}
		return builder.build();
	}

	/**
	 * A step whose real step is built when it executes, from the execution's parameters.
	 */
	static final class PerExecutionStep implements Step {

		private final String name;

		private final boolean allowStartIfComplete;

		private final Function<StepExecution, Step> delegate;

		PerExecutionStep(String name, boolean allowStartIfComplete, Function<StepExecution, Step> delegate) {
			this.name = name;
			this.allowStartIfComplete = allowStartIfComplete;
			this.delegate = delegate;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public boolean isAllowStartIfComplete() {
			return this.allowStartIfComplete;
		}

		@Override
		public void execute(StepExecution stepExecution) throws JobInterruptedException {
			this.delegate.apply(stepExecution).execute(stepExecution);
		}

	}

}
