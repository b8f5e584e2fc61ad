package org.bookinglifecycle.integrity;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.BookingSnapshot;
import org.bookinglifecycle.kit.ChunkPacer;
import org.bookinglifecycle.kit.CommonParameters;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetIdReader;
import org.bookinglifecycle.kit.LifecycleJobSpec;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.ProgressListener;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
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

	/** The exit code of a completed run that found integrity failures. */
	public static final String FAILED_WITH_FINDINGS = "FAILED_WITH_FINDINGS";

	static final String READER = "historyReader";

	static final String REFERENCES_READER = "referencingRows";

	@Bean
	LifecycleJobSpec verifyIntegritySpec() {
		return LifecycleJobSpec.of(JOB,
				"recompute booking_history.data_hash, check every audit_log_ids reference; record findings; "
						+ "exit FAILED_WITH_FINDINGS on a changed row or a dangling reference",
				"nightly",
				"a rerun of the same asOf continues after the last committed chunk; findings are never doubled");
	}

	@Bean
	Job verifyIntegrityJob(LifecycleJobs jobs, LifecycleJobSpec verifyIntegritySpec, Step verifyHistoryStep,
			Step checkAuditReferencesStep) {
		return jobs.builder(verifyIntegritySpec)
			.listener(new IntegrityVerdict())
			.start(verifyHistoryStep)
			.next(checkAuditReferencesStep)
			.build();
	}

	@Bean
	@JobScope
	Step checkAuditReferencesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, @Value("#{jobExecution}") JobExecution jobExecution) {
		JobParameters parameters = jobExecution.getJobParameters();
		int chunkSize = CommonParameters.chunkSize(parameters);
		return new StepBuilder("checkAuditReferencesStep", jobRepository).<Long, Long>chunk(chunkSize)
			.transactionManager(transactionManager)
			.reader(new KeysetIdReader(REFERENCES_READER, jdbc, SqlFiles.load(JOB, "referencing-ids"), chunkSize))
			.writer(new CountingUpdateWriter(jdbc, SqlFiles.load(JOB, "check-audit-references"),
					jobExecution.getJobInstance().getInstanceId(), CommonParameters.asOf(parameters),
					CommonParameters.isDryRun(parameters)))
			.interruptionPolicy(new ChunkPacer())
			.listener(new ProgressListener(
					(step) -> jdbc.queryForObject(
							"SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL", Long.class),
					REFERENCES_READER))
			.listener(new ReferencesSummary())
			.build();
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

	/** Puts the reference findings in the step's exit description. */
	static class ReferencesSummary implements StepExecutionListener {

		@Override
		public ExitStatus afterStep(StepExecution stepExecution) {
			StringBuilder summary = new StringBuilder("checked the audit references of ")
				.append(stepExecution.getReadCount())
				.append(" rows in this execution");
			for (String kind : List.of("audit_id_dangling", "audit_id_purged", "audit_trail_empty")) {
				summary.append(", ")
					.append(kind)
					.append('=')
					.append(stepExecution.getExecutionContext().getLong(CountingUpdateWriter.COUNT_PREFIX + kind, 0L));
			}
			return stepExecution.getExitStatus().addExitDescription(summary.toString());
		}

	}

	/**
	 * The job's verdict: a changed row (hash mismatch) or a reference to an audit row
	 * that never existed is an integrity failure, and the run ends with exit code
	 * FAILED_WITH_FINDINGS (the CLI exits 1); missing hashes, purged ids and empty trails
	 * are reported, not failures.
	 */
	static class IntegrityVerdict implements JobExecutionListener {

		@Override
		public void afterJob(JobExecution jobExecution) {
			if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
				return;
			}
			long failures = 0;
			for (StepExecution step : jobExecution.getStepExecutions()) {
				failures += step.getExecutionContext()
					.getLong(FindingsWriter.COUNT_KEY_PREFIX + Finding.Kind.HASH_MISMATCH.code(), 0L);
				failures += step.getExecutionContext()
					.getLong(CountingUpdateWriter.COUNT_PREFIX + "audit_id_dangling", 0L);
			}
			if (failures > 0) {
				jobExecution.setExitStatus(new ExitStatus(FAILED_WITH_FINDINGS,
						failures + " integrity failure(s): see integrity_findings WHERE job_instance_id = "
								+ jobExecution.getJobInstance().getInstanceId()));
			}
		}

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
