package org.bookinglifecycle.backfill;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.BackfillParameters;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetIdReader;
import org.bookinglifecycle.kit.LifecycleJobSpec;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.PartitionedSteps;
import org.bookinglifecycle.kit.ParameterSpec;
import org.bookinglifecycle.kit.ReportTasklet;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code backfill-audit-log-ids}: fills {@code booking_history.audit_log_ids} with every
 * audit id of the booking, ordered, and a missing {@code data_hash}, in {@code gridSize}
 * id ranges in parallel, one UPDATE from a grouped subquery per chunk.
 * {@code mode=refresh} recomputes the ids of every row. A dry run reports what is missing
 * and the audit coverage.
 */
@Configuration(proxyBeanMethods = false)
public class BackfillAuditLogIdsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "backfill-audit-log-ids";

	static final String READER = "historyIds";

	static final ParameterSpec MODE = ParameterSpec
		.optional("mode", ParameterSpec.Type.CHOICE, "missing",
				"missing: rows without ids or hash; refresh: recompute the ids of every row")
		.oneOf("missing", "refresh");

	@Bean
	LifecycleJobSpec backfillAuditLogIdsSpec() {
		return LifecycleJobSpec.of(JOB,
				"fill booking_history.audit_log_ids (every audit id, ordered) and a missing data_hash", "one-off",
				"a rerun continues each id range after its last committed chunk; filled rows are never redone", MODE,
				BackfillParameters.GRID_SIZE);
	}

	@Bean
	Job backfillAuditLogIdsJob(LifecycleJobs jobs, LifecycleJobSpec backfillAuditLogIdsSpec, Step reportAuditLogIdsStep,
			Step backfillAuditLogIdsStep, Step auditLogIdsLeftStep) {
		JobExecutionDecider dryRun = LifecycleJobs.dryRunDecider();
		return jobs.builder(backfillAuditLogIdsSpec)
			.start(dryRun)
			.on(LifecycleJobs.DRY_RUN)
			.to(reportAuditLogIdsStep)
			.from(dryRun)
			.on(LifecycleJobs.REAL_RUN)
			.to(backfillAuditLogIdsStep)
			.next(auditLogIdsLeftStep)
			.end()
			.build();
	}

	@Bean
	Step reportAuditLogIdsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		return new ReportTasklet(jdbc, "dry run, nothing written: ", SqlFiles.load(JOB, "report"))
			.asStep("reportAuditLogIdsStep", jobRepository, transactionManager);
	}

	@Bean
	Step auditLogIdsLeftStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		return new ReportTasklet(jdbc, "after the run: ", SqlFiles.load(JOB, "report")).asStep("auditLogIdsLeftStep",
				jobRepository, transactionManager);
	}

	@Bean
	@JobScope
	Step backfillAuditLogIdsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, KeysetIdReader historyIdReader, CountingUpdateWriter auditLogIdsWriter,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		String mode = jobExecution.getJobParameters().getString(MODE.name(), "missing");
		return PartitionedSteps.byIdRange("backfillAuditLogIdsStep", "fillAuditLogIdsRange", jobRepository,
				transactionManager, jobExecution.getJobParameters(), jdbc,
				// ranges over what is to fill, so the ranges share the work evenly
				"refresh".equals(mode) ? "SELECT min(id), max(id) FROM booking_history"
						: "SELECT min(id), max(id) FROM booking_history WHERE audit_log_ids IS NULL OR data_hash IS NULL",
				historyIdReader, READER, auditLogIdsWriter,
				(step) -> jdbc.queryForObject(
						"SELECT count(*) FROM booking_history WHERE id BETWEEN ? AND ? "
								+ "AND (CAST(? AS TEXT) = 'refresh' OR audit_log_ids IS NULL OR data_hash IS NULL)",
						Long.class, PartitionedSteps.minId(step), PartitionedSteps.maxId(step), mode));
	}

	@Bean
	@StepScope
	KeysetIdReader historyIdReader(JdbcTemplate jdbc, @Value("#{stepExecutionContext['minId']}") Long minId,
			@Value("#{stepExecutionContext['maxId']}") Long maxId, @Value("#{jobParameters['chunkSize']}") Long chunk,
			@Value("#{jobParameters['mode']}") String mode) {
		return new KeysetIdReader(READER, jdbc, SqlFiles.load(JOB, "ids-to-fill"),
				(chunk != null) ? chunk.intValue() : 1000, minId, maxId, (mode != null) ? mode : "missing");
	}

	@Bean
	@StepScope
	CountingUpdateWriter auditLogIdsWriter(JdbcTemplate jdbc, @Value("#{jobParameters['mode']}") String mode) {
		return new CountingUpdateWriter(jdbc, SqlFiles.load(JOB, "fill-chunk"), (mode != null) ? mode : "missing")
			.timed(JOB);
	}

}
