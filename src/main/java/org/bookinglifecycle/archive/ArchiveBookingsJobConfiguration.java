package org.bookinglifecycle.archive;

import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ChunkPacer;
import org.bookinglifecycle.kit.CommonParameters;
import org.bookinglifecycle.kit.KeysetIdReader;
import org.bookinglifecycle.kit.LifecycleJobSpec;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.ProgressListener;
import org.bookinglifecycle.kit.ReportTasklet;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code archive-bookings}: a plan step (candidates per rule, held back, skipped for bad
 * data; the whole of a dry run), then a chunked move: ids read by keyset, each chunk
 * moved by one set-based statement in one transaction. Restartable from its last
 * committed chunk; a rerun finds moved bookings gone and never moves one twice
 * ({@code original_booking_id} is unique).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveRules.class)
public class ArchiveBookingsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "archive-bookings";

	static final String READER = "candidates";

	@Bean
	LifecycleJobSpec archiveBookingsSpec() {
		return LifecycleJobSpec.of(JOB,
				"move finished bookings into booking_history by the rules of jobs/archive-bookings.yml", "nightly",
				"a rerun of the same asOf continues after the last committed chunk; a moved booking is never moved twice");
	}

	@Bean
	Job archiveBookingsJob(LifecycleJobs jobs, LifecycleJobSpec archiveBookingsSpec, ArchiveRules rules,
			Step planArchiveStep, Step archiveBookingsStep, Step reportArchiveStep) {
		JobExecutionDecider dryRun = LifecycleJobs.dryRunDecider();
		return jobs.builder(archiveBookingsSpec, rulesCheck(rules))
			.start(dryRun)
			.on(LifecycleJobs.DRY_RUN)
			.to(planArchiveStep)
			.from(dryRun)
			.on(LifecycleJobs.REAL_RUN)
			.to(archiveBookingsStep)
			.next(reportArchiveStep)
			.end()
			.build();
	}

	static JobParametersValidator rulesCheck(ArchiveRules rules) {
		return (parameters) -> {
			List<String> problems = rules.problems();
			if (!problems.isEmpty()) {
				throw new InvalidJobParametersException(
						"jobs/archive-bookings.yml is not valid: " + String.join("; ", problems) + ".");
			}
		};
	}

	/** A dry run's whole work: what a run would take, hold back and skip, per rule. */
	@Bean
	@JobScope
	Step planArchiveStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			ArchiveRules rules, @Value("#{jobExecution}") JobExecution jobExecution) {
		return reportStep("planArchiveStep", jobRepository, transactionManager, jdbc, rules, jobExecution);
	}

	/**
	 * After the move: what is left (locked candidates), held back and skipped, the
	 * skipped rows recorded. Counted after the move, on what remains: a fraction of the
	 * table.
	 */
	@Bean
	@JobScope
	Step reportArchiveStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, ArchiveRules rules, @Value("#{jobExecution}") JobExecution jobExecution) {
		return reportStep("reportArchiveStep", jobRepository, transactionManager, jdbc, rules, jobExecution);
	}

	private static Step reportStep(String name, JobRepository jobRepository,
			PlatformTransactionManager transactionManager, JdbcTemplate jdbc, ArchiveRules rules,
			JobExecution jobExecution) {
		String rulesJson = rules.toJson(CommonParameters.asOf(jobExecution.getJobParameters()));
		boolean dryRun = CommonParameters.isDryRun(jobExecution.getJobParameters());
		ReportTasklet report = new ReportTasklet(jdbc, dryRun ? "dry run, nothing written: " : "left after the move: ",
				SqlFiles.load(JOB, "plan-by-rule"), rulesJson)
			.recording(SqlFiles.load(JOB, "record-skipped-rows"), jobExecution.getJobInstance().getInstanceId(),
					rulesJson);
		return report.asStep(name, jobRepository, transactionManager);
	}

	@Bean
	@JobScope
	Step archiveBookingsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, ArchiveRules rules, KeysetIdReader candidateReader, MoveChunkWriter moveChunkWriter,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		String rulesJson = rules.toJson(CommonParameters.asOf(jobExecution.getJobParameters()));
		return new StepBuilder("archiveBookingsStep", jobRepository)
			.<Long, Long>chunk(CommonParameters.chunkSize(jobExecution.getJobParameters()))
			.transactionManager(transactionManager)
			.reader(candidateReader)
			.writer(moveChunkWriter)
			.interruptionPolicy(new ChunkPacer())
			.listener(new ProgressListener(
					(step) -> jdbc.queryForObject(SqlFiles.load(JOB, "count-candidates"), Long.class, rulesJson),
					READER))
			.listener(new ArchiveSummary())
			.build();
	}

	@Bean
	@StepScope
	KeysetIdReader candidateReader(JdbcTemplate jdbc, ArchiveRules rules,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return new KeysetIdReader(READER, jdbc, SqlFiles.load(JOB, "candidate-ids"),
				CommonParameters.chunkSize(stepExecution.getJobParameters()),
				rules.toJson(CommonParameters.asOf(stepExecution.getJobParameters())));
	}

	@Bean
	@StepScope
	MoveChunkWriter moveChunkWriter(JdbcTemplate jdbc, ArchiveRules rules,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return new MoveChunkWriter(jdbc, rules.toJson(CommonParameters.asOf(stepExecution.getJobParameters())),
				stepExecution.getJobExecutionId(), stepExecution.getJobExecution().getJobInstance().getInstanceId(),
				rules.lockTimeout());
	}

}
