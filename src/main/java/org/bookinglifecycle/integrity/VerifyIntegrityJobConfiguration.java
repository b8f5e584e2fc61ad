package org.bookinglifecycle.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.domain.BookingSnapshot;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code verify-integrity}: two chunked steps over {@code booking_history} by keyset over
 * its id: recompute each row's {@code data_hash} (in Java, {@link HashCheck}) and check
 * every {@code audit_log_ids} reference (one set-based query per chunk). Findings go to
 * {@code integrity_findings} (ids and kind, no personal data), once per job instance
 * whatever the restarts; a dry run counts without recording.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyIntegrityJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "verify-integrity";

	/** The exit code of a completed run that found integrity failures. */
	public static final String FAILED_WITH_FINDINGS = "FAILED_WITH_FINDINGS";

	/** Finding kinds that are integrity failures (the others are reported). */
	static final List<String> FAILURES = List.of(Finding.Kind.HASH_MISMATCH.code(), "audit_id_dangling",
			"audit_id_duplicate");

	/** Its evidence in {@code show}: the findings recorded, per kind. */
	@Bean
	ExecutionEvidence integrityEvidence() {
		return ExecutionEvidence.countedBy(JOB, "findings recorded (integrity_findings): ");
	}

	@Bean
	Job verifyIntegrityJob(LifecycleJobs jobs, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.check("audit_logs", () -> AuditRowsGuard.detachedMonths(jdbc, "verifying"))
			.listener(new IntegrityVerdict())
			.steps(jobs.<HistoryRow, Finding>chunkedStep("verifyHistoryStep")
				.reader((run) -> new KeysetReader<>("historyReader", jdbc, SqlFiles.load(JOB, "history-rows"),
						run.parameters().chunkSize(),
						(rs, i) -> new HistoryRow(rs.getLong("id"), rs.getString("data_hash"),
								BookingSnapshot.fromHistoryRow(rs)),
						HistoryRow::id))
				.processor(new HashCheck())
				.writer((run) -> new FindingsWriter(jdbc, run))
				.summary((step, counts) -> summary("checked ", step, counts,
						List.of(Finding.Kind.HASH_MISSING.code(), Finding.Kind.HASH_MISMATCH.code())))
				.build(),
					jobs.<Long, Long>chunkedStep("checkAuditReferencesStep")
						.reader((run) -> KeysetReader.ids("referencingRows", jdbc,
								SqlFiles.load(JOB, "referencing-ids"), run.parameters().chunkSize()))
						.writer((run) -> new CountingUpdateWriter(run, jdbc, null,
								SqlFiles.load(JOB, "check-audit-references"), run.jobInstanceId(),
								run.parameters().asOf(), run.parameters().dryRun()))
						.summary((step, counts) -> summary("checked the audit references of ", step, counts,
								List.of("audit_id_dangling", "audit_id_purged", "audit_trail_empty")))
						.build(),
					jobs.tasklet("checkAuditIdsUniqueStep", (run) -> (contribution, context) -> {
						StepExecution step = contribution.getStepExecution();
						String line;
						if (!Boolean.TRUE.equals(jdbc.queryForObject(
								"SELECT relkind = 'p' FROM pg_class WHERE oid = 'audit_logs'::regclass",
								Boolean.class))) {
							line = "audit ids unique: audit_logs is a plain table, its primary key ensures it";
						}
						else {
							List<Long> ids = new ArrayList<>();
							long[] duplicated = { 0 };
							jdbc.query(SqlFiles.load(JOB, "duplicate-audit-ids"), (rs) -> {
								ids.add(rs.getLong("id"));
								duplicated[0] = rs.getLong("duplicated");
							});
							run.counters().add("audit_id_duplicate", duplicated[0]);
							line = "audit ids unique across partitions: audit_id_duplicate=" + duplicated[0]
									+ (ids.isEmpty() ? "" : " (first ids: " + ids + ")");
						}
						step.setExitStatus(step.getExitStatus().addExitDescription(line));
						return RepeatStatus.FINISHED;
					}));
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
