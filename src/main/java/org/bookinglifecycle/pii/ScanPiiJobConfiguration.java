package org.bookinglifecycle.pii;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code scan-pii}: the proof of the anonymization. Counts, per table, column and JSON
 * key path, the rows past the limit (and of erased guests) that still hold personal data,
 * found by pattern and by value wherever it is, not only where the masking rules look.
 * Four steps: the plan (what tonight scans: everything on a full scan; otherwise what
 * became due or was written since the last scan, what has a finding open, and a rotating
 * share, {@link ScanPlanTasklet}), the bookings in chunks ({@link BookingChunkScan}),
 * their guests' logins in chunks ({@link LoginChunkScan}), the record
 * ({@link ScanRecordTasklet}). A finding stays open, in {@code pii_open_findings}, until
 * its rows are scanned clean; any open finding ends the run with exit code
 * FAILED_WITH_FINDINGS (the CLI exits 1), as verify-integrity does.
 */
@Configuration(proxyBeanMethods = false)
public class ScanPiiJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "scan-pii";

	/** The exit code of a completed scan that leaves personal data open. */
	public static final String FAILED_WITH_FINDINGS = "FAILED_WITH_FINDINGS";

	/** A scan of every booking in scope. */
	static final String FULL = "full";

	/** A scan of what the night changed, plus a rotating share. */
	static final String INCREMENTAL = "incremental";

	/** What a run scans (an identifying parameter: a full scan of a night is its own). */
	static final ParameterSpec MODE = ParameterSpec
		.optional("mode", ParameterSpec.Type.CHOICE, INCREMENTAL, "what the scan covers")
		.oneOf(INCREMENTAL, FULL);

	/** The counter of finding rows that fail the run; not zero fails it. */
	static final String FINDINGS = "findings";

	/** The chunked step over the work list's bookings. */
	static final String BOOKINGS_STEP = "scanBookingsStep";

	/** The chunked step over the work list's user accounts. */
	static final String LOGINS_STEP = "scanLoginsStep";

	@Bean
	MaskedForms piiMaskedForms(Environment environment) {
		return MaskedForms.from(environment);
	}

	@Bean
	ScanSettings piiScanSettings(Environment environment, JobDefinitions definitions) {
		return ScanSettings.from(environment, definitions);
	}

	/**
	 * Its lines on {@code status}: what is open after the last scan, and how long ago
	 * every booking in scope was last scanned.
	 */
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
	Job scanPiiJob(LifecycleJobs jobs, MaskedForms forms, ScanSettings settings, JdbcTemplate jdbc,
			JobRepository repository) {
		return jobs.job(JOB)
			.check(MaskedForms.AFTER, forms::problems)
			.check("jobs/scan-pii.yml", settings::problems)
			.listener(new PiiVerdict())
			.steps(jobs.tasklet("planScanStep", (run) -> new ScanPlanTasklet(jdbc, forms, settings, run)),
					jobs.<Long, Long>chunkedStep(BOOKINGS_STEP)
						.reader((run) -> work(jdbc, run, "BOOKING", "bookings"))
						.writer((run) -> new BookingChunkScan(jdbc, forms, run))
						.summary((step, counts) -> summary("bookings", step, counts))
						.build(),
					jobs.<Long, Long>chunkedStep(LOGINS_STEP)
						.reader((run) -> work(jdbc, run, "USER", "accounts"))
						.writer((run) -> new LoginChunkScan(jdbc, forms, run))
						.summary((step, counts) -> summary("user accounts' logins", step, counts))
						.build(),
					jobs.tasklet("recordScanStep", (run) -> new ScanRecordTasklet(jdbc, forms, repository, run)));
	}

	/** The date a check-out must be before for a stay to be past the limit. */
	static LocalDate limit(MaskedForms forms, LocalDate asOf) {
		return asOf.minus(forms.after());
	}

	/** The work list of a subject type, by keyset: progress and restart come with it. */
	private static KeysetReader<Long> work(JdbcTemplate jdbc, StepRun run, String subjectType, String name) {
		return KeysetReader.ids(name, jdbc, SqlFiles.load(JOB, "work-ids"), run.parameters().chunkSize(),
				run.jobInstanceId(), subjectType);
	}

	private static String summary(String what, StepExecution step, java.util.Map<String, Long> counts) {
		long found = OpenFindings.found(counts).values().stream().mapToLong(Long::longValue).sum();
		return "scanned " + step.getReadCount() + " " + what + " in this execution; found " + found
				+ " rows with personal data" + (RunParameters.of(step.getJobParameters()).dryRun() ? ""
						: ", cleared " + counts.getOrDefault(OpenFindings.CLEARED, 0L));
	}

	/**
	 * The job's verdict: personal data left open past the limit (every finding not
	 * scanned clean since, whichever night found it; in a dry run, what it found) ends a
	 * completed run with exit code FAILED_WITH_FINDINGS (the CLI exits 1; a nightly chain
	 * goes on, its night marked by the exit code).
	 */
	static class PiiVerdict implements JobExecutionListener {

		@Override
		public void afterJob(JobExecution jobExecution) {
			if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
				return;
			}
			long findings = 0;
			for (StepExecution step : jobExecution.getStepExecutions()) {
				findings += StepCounters.of(step).getOrDefault(FINDINGS, 0L);
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
