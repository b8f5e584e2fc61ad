package org.bookinglifecycle.archive;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.step.Step;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code archive-bookings}: a dry run is the plan alone (candidates per rule, held back,
 * skipped for bad data); a real run is the chunked move (ids read by keyset, each chunk
 * moved by five set-based statements in one transaction, see {@link MoveChunkWriter}) and
 * a report of what is left, held back and skipped, over the bookings already due only.
 * Restartable from its last committed chunk; a rerun finds moved bookings gone and never
 * moves one twice ({@code original_booking_id} is unique).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveRules.class)
public class ArchiveBookingsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "archive-bookings";

	/** Its evidence in {@code show}: the rows recorded as skipped, per reason. */
	@Bean
	ExecutionEvidence archiveEvidence() {
		return ExecutionEvidence.countedBy(JOB, "skipped rows recorded (lifecycle_skipped_rows): ");
	}

	@Bean
	Job archiveBookingsJob(LifecycleJobs jobs, ArchiveRules rules, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.check("jobs/archive-bookings.yml", rules::problems)
			.analyze("bookings", "booking_history", "audit_logs")
			.dryRun(report(jobs, rules, "planArchiveStep", "dry run, nothing written: "))
			.steps(moveStep(jobs, rules, jdbc), report(jobs, rules, "reportArchiveStep", "left after the move: "));
	}

	private static Step moveStep(LifecycleJobs jobs, ArchiveRules rules, JdbcTemplate jdbc) {
		return jobs.<Long, Long>chunkedStep("archiveBookingsStep")
			.reader((run) -> KeysetReader.ids("candidates", jdbc, SqlFiles.load(JOB, "candidate-ids"),
					run.parameters().chunkSize(), rules.toJson(run.parameters().asOf())))
			.writer((run) -> new MoveChunkWriter(jdbc, rules, run))
			.summary((step, counts) -> MoveChunkWriter.summary(counts))
			.build();
	}

	/**
	 * What a run would take, hold back and skip per rule (a dry run's whole work), or,
	 * after the move, what is left (candidates the platform held locked), held back and
	 * skipped, the skipped rows recorded, in one statement. Both look only at bookings
	 * whose check-out or cancellation is before the latest cutoff of the rules (an
	 * index), so the report after the move reads the night's leftovers, not the table.
	 */
	private static Step report(LifecycleJobs jobs, ArchiveRules rules, String name, String heading) {
		return jobs
			.report(name, heading, SqlFiles.load(JOB, "plan-by-rule"),
					(run) -> new Object[] { rules.toJson(run.parameters().asOf()), run.jobInstanceId(),
							!run.parameters().dryRun() })
			.asStep();
	}

}
