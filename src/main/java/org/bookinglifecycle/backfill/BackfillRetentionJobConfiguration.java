package org.bookinglifecycle.backfill;

import org.bookinglifecycle.domain.RetentionPeriods;

import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.BackfillParameters;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetIdReader;
import org.bookinglifecycle.kit.LifecycleJobSpec;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.PartitionedSteps;
import org.bookinglifecycle.kit.ReportTasklet;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code backfill-retention}: writes the tier periods of {@code jobs/purge-retention.yml}
 * where the audit_logs trigger reads them, then sets {@code retention_tier} and
 * {@code data_retention_expires_at} on audit rows that lack them, in {@code gridSize} id
 * ranges in parallel, one UPDATE per chunk; then reports what is left and the actions the
 * mapping does not know. A dry run is the report alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionPeriods.class)
public class BackfillRetentionJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "backfill-retention";

	static final String READER = "auditIds";

	@Bean
	LifecycleJobSpec backfillRetentionSpec() {
		return LifecycleJobSpec.of(JOB,
				"set retention_tier and data_retention_expires_at on audit rows that lack them (tiers: SQL function "
						+ "audit_retention_tier, periods: jobs/purge-retention.yml)",
				"one-off",
				"a rerun continues each id range after its last committed chunk; filled rows are never redone",
				BackfillParameters.GRID_SIZE);
	}

	@Bean
	Job backfillRetentionJob(LifecycleJobs jobs, LifecycleJobSpec backfillRetentionSpec, RetentionPeriods periods,
			Step writeRetentionPeriodsStep, Step reportRetentionStep, Step backfillRetentionStep,
			Step retentionLeftStep) {
		JobExecutionDecider dryRun = LifecycleJobs.dryRunDecider();
		return jobs.builder(backfillRetentionSpec, (parameters) -> {
			List<String> problems = periods.problems();
			if (!problems.isEmpty()) {
				throw new InvalidJobParametersException(
						"jobs/purge-retention.yml is not valid: " + String.join("; ", problems) + ".");
			}
		})
			.start(dryRun)
			.on(LifecycleJobs.DRY_RUN)
			.to(reportRetentionStep)
			.from(dryRun)
			.on(LifecycleJobs.REAL_RUN)
			.to(writeRetentionPeriodsStep)
			.next(backfillRetentionStep)
			.next(retentionLeftStep)
			.end()
			.build();
	}

	@Bean
	Step writeRetentionPeriodsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, RetentionPeriods periods) {
		return new StepBuilder("writeRetentionPeriodsStep", jobRepository).tasklet((contribution, context) -> {
			periods.tiers().forEach((tier, years) -> jdbc.update(SqlFiles.load(JOB, "write-periods"), tier, years));
			contribution.incrementWriteCount(periods.tiers().size());
			return null;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	@Bean
	Step reportRetentionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		return new ReportTasklet(jdbc, "dry run, nothing written: ", SqlFiles.load(JOB, "report-by-tier"))
			.asStep("reportRetentionStep", jobRepository, transactionManager);
	}

	@Bean
	Step retentionLeftStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		return new ReportTasklet(jdbc, "left after the run: ", SqlFiles.load(JOB, "report-by-tier"))
			.asStep("retentionLeftStep", jobRepository, transactionManager);
	}

	@Bean
	@JobScope
	Step backfillRetentionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, KeysetIdReader auditIdReader, CountingUpdateWriter retentionWriter,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		return PartitionedSteps.byIdRange("backfillRetentionStep", "fillRetentionRange", jobRepository,
				transactionManager, jobExecution.getJobParameters(), jdbc,
				"SELECT min(id), max(id) FROM audit_logs WHERE retention_tier IS NULL", auditIdReader, READER,
				retentionWriter,
				(step) -> jdbc.queryForObject(
						"SELECT count(*) FROM audit_logs WHERE id BETWEEN ? AND ? AND retention_tier IS NULL",
						Long.class, PartitionedSteps.minId(step), PartitionedSteps.maxId(step)));
	}

	@Bean
	@StepScope
	KeysetIdReader auditIdReader(JdbcTemplate jdbc, @Value("#{stepExecutionContext['minId']}") Long minId,
			@Value("#{stepExecutionContext['maxId']}") Long maxId, @Value("#{jobParameters['chunkSize']}") Long chunk) {
		return new KeysetIdReader(READER, jdbc, SqlFiles.load(JOB, "ids-to-fill"),
				(chunk != null) ? chunk.intValue() : 1000, minId, maxId);
	}

	@Bean
	@StepScope
	CountingUpdateWriter retentionWriter(JdbcTemplate jdbc) {
		return new CountingUpdateWriter(jdbc, SqlFiles.load(JOB, "fill-chunk")).timed(JOB);
	}

}
