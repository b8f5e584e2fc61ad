package org.bookinglifecycle.pii;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.StepCounters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code scan-pii}: the proof of the anonymization. One tasklet step counts, per table,
 * column and JSON key path, the rows past the limit (and, once erase-guest exists, of
 * erased guests) that still hold personal data, found by pattern and by value wherever it
 * is, not only where the masking rules look (see {@link PiiScanTasklet} and
 * {@code sql/jobs/scan-pii/}). Findings are recorded per execution in
 * {@code pii_findings}; any finding ends the run with exit code FAILED_WITH_FINDINGS (the
 * CLI exits 1), as verify-integrity does.
 */
@Configuration(proxyBeanMethods = false)
public class ScanPiiJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "scan-pii";

	/** The exit code of a completed scan that found personal data left. */
	public static final String FAILED_WITH_FINDINGS = "FAILED_WITH_FINDINGS";

	@Bean
	MaskedForms piiMaskedForms(Environment environment) {
		return MaskedForms.from(environment);
	}

	/** Its line on {@code status}: what the last scan found. */
	@Bean
	StatusContributor scanPiiStatus() {
		return (jdbc, exact) -> StatusContributor.fromSql(jdbc, JOB, exact);
	}

	/** Its evidence in {@code show}: the scan and its findings, by execution. */
	@Bean
	ExecutionEvidence scanPiiEvidence() {
		return new ExecutionEvidence() {

			@Override
			public String job() {
				return JOB;
			}

			@Override
			public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
				return jdbc.queryForList(SqlFiles.load(JOB, "evidence"), String.class, execution.getId(),
						execution.getId());
			}

		};
	}

	@Bean
	Job scanPiiJob(LifecycleJobs jobs, MaskedForms forms, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.check(MaskedForms.AFTER, forms::problems)
			.listener(new PiiVerdict())
			.steps(jobs.tasklet("scanPiiStep", (run) -> new PiiScanTasklet(jdbc, forms, run)));
	}

	/** The date a check-out must be before for a stay to be past the limit. */
	static LocalDate limit(MaskedForms forms, LocalDate asOf) {
		return asOf.minus(forms.after());
	}

	/**
	 * The job's verdict: any personal data left past the limit ends a completed run with
	 * exit code FAILED_WITH_FINDINGS (the CLI exits 1; a nightly chain goes on, its night
	 * marked by the exit code).
	 */
	static class PiiVerdict implements JobExecutionListener {

		@Override
		public void afterJob(JobExecution jobExecution) {
			if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
				return;
			}
			long findings = 0;
			for (StepExecution step : jobExecution.getStepExecutions()) {
				findings += StepCounters.of(step).getOrDefault(PiiScanTasklet.FINDINGS, 0L);
			}
			if (findings > 0) {
				jobExecution.setExitStatus(new ExitStatus(FAILED_WITH_FINDINGS,
						findings + " row(s) past the anonymization limit still hold personal data: see `show "
								+ jobExecution.getId() + "` (pii_findings WHERE job_execution_id = "
								+ jobExecution.getId() + ")"));
			}
		}

	}

}
