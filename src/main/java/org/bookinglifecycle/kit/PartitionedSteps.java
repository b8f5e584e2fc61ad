package org.bookinglifecycle.kit;

import java.util.function.ToLongFunction;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The shape every backfill shares: a manager step splitting a table's ids into
 * {@code gridSize} ranges, each range a chunked step of its own (paced, with progress)
 * run in parallel and restartable on its own. The reader and writer are step-scoped, so
 * each range gets its own.
 */
public final class PartitionedSteps {

	private PartitionedSteps() {
	}

	/**
	 * The manager step.
	 * @param name the manager step's name
	 * @param rangeName the name of each range's step (suffixed {@code :rangeN})
	 * @param jobRepository the job repository
	 * @param transactionManager the transaction manager
	 * @param parameters the run's parameters ({@code chunkSize}, {@code gridSize})
	 * @param jdbc the database
	 * @param boundsSql the smallest and largest id to split
	 * @param reader the step-scoped reader of a range's ids
	 * @param readerName the reader's name, for progress after a restart
	 * @param writer the step-scoped writer of a chunk
	 * @param rangeTotal how many rows a range goes through, for progress
	 * @return the step
	 */
	public static Step byIdRange(String name, String rangeName, JobRepository jobRepository,
			PlatformTransactionManager transactionManager, JobParameters parameters, JdbcTemplate jdbc,
			String boundsSql, ItemStreamReader<Long> reader, String readerName, ItemWriter<Long> writer,
			ToLongFunction<StepExecution> rangeTotal) {
		Step range = new StepBuilder(rangeName, jobRepository).<Long, Long>chunk(CommonParameters.chunkSize(parameters))
			.transactionManager(transactionManager)
			.reader(reader)
			.writer(writer)
			.interruptionPolicy(new ChunkPacer())
			.listener(new ProgressListener(rangeTotal, readerName))
			.build();
		return new StepBuilder(name, jobRepository).partitioner(rangeName, new IdRangePartitioner(jdbc, boundsSql))
			.step(range)
			.gridSize(BackfillParameters.gridSize(parameters))
			.taskExecutor(new SimpleAsyncTaskExecutor(rangeName + "-"))
			.build();
	}

	/**
	 * A range's first id, from its step's context.
	 * @param step the range's step
	 * @return {@code minId}
	 */
	public static long minId(StepExecution step) {
		return step.getExecutionContext().getLong(IdRangePartitioner.MIN_ID);
	}

	/**
	 * A range's last id, from its step's context.
	 * @param step the range's step
	 * @return {@code maxId}
	 */
	public static long maxId(StepExecution step) {
		return step.getExecutionContext().getLong(IdRangePartitioner.MAX_ID);
	}

}
