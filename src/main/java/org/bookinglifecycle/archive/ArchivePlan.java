package org.bookinglifecycle.archive;

import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The first step of every run: what the rules take now, per rule (candidates), what is
 * held back because money is in flight (per payment status), and what is skipped for bad
 * data (per reason). A dry run stops here with this as its report; a real run also
 * records the skipped rows in {@code lifecycle_skipped_rows}, then moves the candidates.
 * Counts only, no personal data.
 */
class ArchivePlan implements Tasklet {

	static final String PLAN_KEY = "archive.plan";

	private static final Logger logger = LoggerFactory.getLogger(ArchivePlan.class);

	private final JdbcTemplate jdbc;

	private final String rulesJson;

	private final boolean dryRun;

	ArchivePlan(JdbcTemplate jdbc, String rulesJson, boolean dryRun) {
		this.jdbc = jdbc;
		this.rulesJson = rulesJson;
		this.dryRun = dryRun;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		List<Map<String, Object>> rows = this.jdbc.queryForList(SqlFiles.load("archive-bookings", "plan-by-rule"),
				this.rulesJson);
		StringBuilder plan = new StringBuilder();
		for (Map<String, Object> row : rows) {
			if (!plan.isEmpty()) {
				plan.append("; ");
			}
			plan.append(row.get("kind")).append(' ').append(row.get("name")).append('=').append(row.get("rows"));
		}
		String report = (plan.isEmpty() ? "no candidates" : plan.toString());
		step.getJobExecution().getExecutionContext().putString(PLAN_KEY, report);
		if (!this.dryRun) {
			long instanceId = step.getJobExecution().getJobInstance().getInstanceId();
			int recorded = this.jdbc.update(SqlFiles.load("archive-bookings", "record-skipped-rows"), instanceId,
					this.rulesJson);
			contribution.incrementWriteCount(recorded);
		}
		String heading = this.dryRun ? "dry run, nothing written: " : "left after the move: ";
		step.setExitStatus(step.getExitStatus().addExitDescription(heading + report));
		logger.info("archive-bookings {}{}", heading, report);
		return RepeatStatus.FINISHED;
	}

}
