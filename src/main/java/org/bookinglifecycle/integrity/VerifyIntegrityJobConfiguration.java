package org.bookinglifecycle.integrity;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code verify-integrity}: a night plans what it verifies ({@link NightPlan}: all of
 * history, or what was written since the last verified point, the open findings and
 * tonight's share of older history, so that every row is re-verified within
 * {@code integrity.within-nights}), recomputes each of those rows' {@code data_hash} (in
 * Java, {@link HashCheck}), checks their {@code audit_log_ids} references (one set-based
 * query per chunk), checks that audit ids are unique across partitions, then completes
 * the night. Findings go to {@code integrity_findings} (ids and kind, no personal data),
 * once per job instance whatever the restarts, and stay open in
 * {@code integrity_open_findings} until their row is verified clean; a dry run counts
 * without recording.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntegritySettings.class)
public class VerifyIntegrityJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "verify-integrity";

	/** The exit code of a completed run that found integrity failures. */
	public static final String FAILED_WITH_FINDINGS = "FAILED_WITH_FINDINGS";

	/** {@code mode}: incremental (the night's work) or full (all of history). */
	static final ParameterSpec MODE = ParameterSpec
		.optional("mode", ParameterSpec.Type.CHOICE, "incremental", "which rows")
		.oneOf("incremental", "full");

	/** Finding kinds that are integrity failures (the others are reported). */
	static final List<String> FAILURES = List.of(Verdict.Kind.HASH_MISMATCH.code(), "audit_id_dangling",
			"audit_id_duplicate");

	/**
	 * The settings of {@code jobs/verify-integrity.yml}, and nothing else, are allowed.
	 */
	static final Map<String, Set<String>> SETTINGS = Map.of("integrity", Set.of("within-nights"));

	/**
	 * Its evidence in {@code show}.
	 * @return the evidence
	 */
	@Bean
	ExecutionEvidence integrityEvidence() {
		return new IntegrityEvidence();
	}

	/**
	 * Its lines on the {@code status} dashboard.
	 * @return the figures
	 */
	@Bean
	StatusContributor integrityStatus() {
		return new IntegrityStatus();
	}

	@Bean
	Job verifyIntegrityJob(LifecycleJobs jobs, JdbcTemplate jdbc, IntegritySettings settings,
			JobDefinitions definitions) {
		NightSteps night = new NightSteps(jdbc, settings);
		return jobs.job(JOB)
			.check("jobs/verify-integrity.yml", () -> definitions.unknownSettings("verify-integrity.yml", SETTINGS))
			.check("jobs/verify-integrity.yml", settings::problems)
			.check("audit_logs", () -> AuditRowsGuard.detachedMonths(jdbc, "verifying"))
			.listener(new IntegrityVerdict())
			.steps(jobs.tasklet("planNightStep", night::plan),
					jobs.<HistoryRow, Verdict>chunkedStep("verifyHistoryStep")
						.reader(night::historyRows)
						.processor(new HashCheck())
						.writer((run) -> new FindingsWriter(jdbc, run))
						.summary((step, counts) -> summary("checked ", step, counts,
								List.of(Verdict.Kind.HASH_MISSING.code(), Verdict.Kind.HASH_MISMATCH.code())))
						.build(),
					jobs.<Long, Long>chunkedStep("checkAuditReferencesStep")
						.reader(night::referenceRows)
						.writer((run) -> new CountingUpdateWriter(run, jdbc, null,
								SqlFiles.load(JOB, "check-audit-references"), run.jobInstanceId(),
								run.parameters().asOf(), run.parameters().dryRun()))
						.summary((step, counts) -> summary("checked the audit references of ", step, counts,
								List.of("audit_id_dangling", "audit_id_purged", "audit_trail_empty")))
						.build(),
					jobs.tasklet("checkAuditIdsUniqueStep", night::duplicates),
					jobs.tasklet("completeNightStep", night::complete));
	}

	private static String summary(String heading, StepExecution step, Map<String, Long> counts, List<String> kinds) {
		StringBuilder summary = new StringBuilder(heading).append(step.getReadCount())
			.append(" rows in this execution");
		for (String kind : kinds) {
			summary.append(", ").append(kind).append('=').append(counts.getOrDefault(kind, 0L));
		}
		if (RunParameters.of(step.getJobParameters()).dryRun()) {
			summary.append(" (dry run: nothing recorded)");
		}
		return summary.toString();
	}

	/**
	 * The job's verdict: a changed row (hash mismatch), a reference to an audit row that
	 * never existed or an audit id held twice is an integrity failure, and the run ends
	 * with exit code FAILED_WITH_FINDINGS (the CLI exits 1); missing hashes, purged ids
	 * and empty trails are reported, not failures. A night re-verifies the rows of every
	 * open failure, so a failure found on an earlier night and not fixed fails this one
	 * too.
	 */
	static class IntegrityVerdict implements JobExecutionListener {

		@Override
		public void afterJob(JobExecution jobExecution) {
			if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
				return;
			}
			long failures = 0;
			for (StepExecution step : jobExecution.getStepExecutions()) {
				Map<String, Long> counts = StepCounters.of(step);
				failures += FAILURES.stream().mapToLong((kind) -> counts.getOrDefault(kind, 0L)).sum();
			}
			if (failures > 0) {
				jobExecution.setExitStatus(new ExitStatus(FAILED_WITH_FINDINGS,
						failures + " integrity failure(s): see integrity_findings WHERE job_instance_id = "
								+ jobExecution.getJobInstance().getInstanceId()));
			}
		}

	}

}
