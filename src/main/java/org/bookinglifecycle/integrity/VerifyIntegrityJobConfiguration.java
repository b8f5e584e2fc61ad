package org.bookinglifecycle.integrity;

import java.util.Map;

import javax.sql.DataSource;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.support.BookingSnapshot;
import org.bookinglifecycle.support.ChunkPacer;
import org.bookinglifecycle.support.CommonParameters;
import org.bookinglifecycle.support.LifecycleJobSpec;
import org.bookinglifecycle.support.LifecycleJobs;
import org.bookinglifecycle.support.ProgressListener;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code verify-integrity}, first form: reads {@code booking_history} by keyset over its
 * id, recomputes each row's {@code data_hash} and records rows whose hash is missing or
 * wrong in {@code integrity_findings} (ids and kind, no personal data). Restartable from
 * its last committed chunk; findings are recorded once per job instance whatever the
 * restarts.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyIntegrityJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "verify-integrity";

	static final String READER = "historyReader";

	@Bean
	LifecycleJobSpec verifyIntegritySpec() {
		return LifecycleJobSpec.of(JOB, "recompute booking_history.data_hash, record missing and mismatched hashes",
				"nightly",
				"a rerun of the same asOf continues after the last committed chunk; findings are never doubled");
	}

	@Bean
	Job verifyIntegrityJob(LifecycleJobs jobs, LifecycleJobSpec verifyIntegritySpec, Step verifyHistoryStep) {
		return jobs.builder(verifyIntegritySpec).start(verifyHistoryStep).build();
	}

	@Bean
	@JobScope
	Step verifyHistoryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<HistoryRow> historyReader, FindingsWriter findingsWriter, JdbcTemplate jdbc,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		int chunkSize = CommonParameters.chunkSize(jobExecution.getJobParameters());
		return new StepBuilder("verifyHistoryStep", jobRepository).<HistoryRow, Finding>chunk(chunkSize)
			.transactionManager(transactionManager)
			.reader(historyReader)
			.processor(new HashCheck())
			.writer(findingsWriter)
			.interruptionPolicy(new ChunkPacer())
			.listener(new ProgressListener(
					(step) -> jdbc.queryForObject(SqlFiles.load(JOB, "count-history"), Long.class), READER))
			.listener(new FindingsSummary())
			.build();
	}

	@Bean
	@StepScope
	JdbcPagingItemReader<HistoryRow> historyReader(DataSource dataSource,
			@Value("#{stepExecution}") StepExecution stepExecution) throws Exception {
		return new JdbcPagingItemReaderBuilder<HistoryRow>().name(READER)
			.dataSource(dataSource)
			.selectClause("SELECT id, data_hash, " + BookingSnapshot.HISTORY_COLUMNS)
			.fromClause("FROM booking_history")
			.sortKeys(Map.of("id", Order.ASCENDING))
			.pageSize(CommonParameters.chunkSize(stepExecution.getJobParameters()))
			.rowMapper((rs, i) -> new HistoryRow(rs.getLong("id"), rs.getString("data_hash"),
					BookingSnapshot.fromHistoryRow(rs)))
			.build();
	}

	@Bean
	@StepScope
	FindingsWriter findingsWriter(JdbcTemplate jdbc, @Value("#{stepExecution}") StepExecution stepExecution) {
		return new FindingsWriter(jdbc, stepExecution.getJobExecution().getJobInstance().getInstanceId(),
				CommonParameters.asOf(stepExecution.getJobParameters()),
				CommonParameters.isDryRun(stepExecution.getJobParameters()));
	}

	/**
	 * Puts the counts in the step's exit description, which {@code show} and the run
	 * summary print.
	 */
	static class FindingsSummary implements StepExecutionListener {

		@Override
		public ExitStatus afterStep(StepExecution stepExecution) {
			StringBuilder summary = new StringBuilder();
			summary.append("checked ").append(stepExecution.getReadCount()).append(" rows in this execution");
			for (Finding.Kind kind : Finding.Kind.values()) {
				long count = stepExecution.getExecutionContext()
					.getLong(FindingsWriter.COUNT_KEY_PREFIX + kind.code(), 0L);
				summary.append(", ").append(kind.code()).append('=').append(count);
			}
			if (CommonParameters.isDryRun(stepExecution.getJobParameters())) {
				summary.append(" (dry run: nothing recorded)");
			}
			return stepExecution.getExitStatus().addExitDescription(summary.toString());
		}

	}

}
