package org.bookinglifecycle.backfill;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.RetentionPolicyStore;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code backfill-retention}: sets {@code retention_tier} and
 * {@code data_retention_expires_at} on audit rows that lack either, in {@code gridSize}
 * id ranges in parallel, one UPDATE per chunk; {@code mode=realign} also re-dates every
 * row of a tier whose period changed in {@code jobs/purge-retention.yml}, and once done
 * marks those tiers' expiries current again. The periods in force are in the database
 * before the job starts (the data policy is copied at the start of every run). A dry run
 * reports what is missing per tier, stale tiers and the actions the mapping does not
 * know.
 */
@Configuration(proxyBeanMethods = false)
public class BackfillRetentionJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "backfill-retention";

	static final ParameterSpec MODE = ParameterSpec.optional("mode", ParameterSpec.Type.CHOICE, "missing", "which rows")
		.oneOf("missing", "realign");

	@Bean
	Job backfillRetentionJob(LifecycleJobs jobs, JdbcTemplate jdbc, RetentionPolicyStore policy) {
		return jobs.job(JOB)
			.check("jobs/purge-retention.yml", policy::problems)
			.analyze("audit_logs")
			.listener(new JobExecutionListener() {
				@Override
				public void afterJob(JobExecution execution) {
					RunParameters run = RunParameters.of(execution.getJobParameters());
					if (execution.getStatus() == BatchStatus.COMPLETED && !run.dryRun()
							&& "realign".equals(run.text(MODE))) {
						policy.markExpiriesCurrent(execution.getStartTime());
					}
				}
			})
			.dryRun(jobs
				.report("reportRetentionStep", "dry run, nothing written: ", SqlFiles.load(JOB, "report-by-tier"),
						(run) -> new Object[0])
				.asStep())
			.steps(jobs.<Long, Long>chunkedStep("fillRetentionRange")
				.reader((run) -> reader(jdbc, run))
				.writer((run) -> new CountingUpdateWriter(run, jdbc, JOB, SqlFiles.load(JOB, "fill-chunk")))
				.summary((step, counts) -> StepCounters.line("dated: ", counts))
				.partitioned("backfillRetentionStep"));
	}

	/**
	 * The audit rows still to date in a run's id range: the one definition of what is to
	 * do.
	 * @param jdbc the database
	 * @param run the run (its mode, its range)
	 * @return the reader
	 */
	static KeysetReader<Long> reader(JdbcTemplate jdbc, StepRun run) {
		return KeysetReader.ids("auditIds", jdbc, SqlFiles.load(JOB, "ids-to-fill"), run.parameters().chunkSize(),
				run.minId(), run.maxId(), run.parameters().text(MODE));
	}

}
