package org.bookinglifecycle.backfill;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.ParameterSpec;

import org.springframework.batch.core.job.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

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

	static final ParameterSpec MODE = ParameterSpec.optional("mode", ParameterSpec.Type.CHOICE, "missing", "which rows")
		.oneOf("missing", "refresh");

	@Bean
	Job backfillAuditLogIdsJob(LifecycleJobs jobs, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.analyze("booking_history")
			.dryRun(jobs
				.report("reportAuditLogIdsStep", "dry run, nothing written: ", SqlFiles.load(JOB, "report"),
						(run) -> new Object[0])
				.asStep())
			.steps(jobs.<Long, Long>chunkedStep("fillAuditLogIdsRange")
				.reader((run) -> reader(jdbc, run))
				.writer((run) -> new CountingUpdateWriter(run, jdbc, JOB, SqlFiles.load(JOB, "fill-chunk"),
						run.parameters().text(MODE))
					.genericPlan())
				.summary((step, counts) -> StepCounters.line("filled: ", counts))
				.partitioned("backfillAuditLogIdsStep"));
	}

	/**
	 * The rows still to fill in a run's id range: the one definition of what is to do.
	 * @param jdbc the database
	 * @param run the run (its mode, its range)
	 * @return the reader
	 */
	static KeysetReader<Long> reader(JdbcTemplate jdbc, StepRun run) {
		return KeysetReader.ids("historyIds", jdbc, SqlFiles.load(JOB, "ids-to-fill"), run.parameters().chunkSize(),
				run.minId(), run.maxId(), run.parameters().text(MODE));
	}

}
