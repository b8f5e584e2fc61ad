package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.OffsetDateTime;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * purge-retention's dry run: what a real run of the same asOf would remove, each
 * partition on a line of the log (there may be many on a first run), the totals per
 * table, tier and action in the summary (the same keys as the purge ledger), then the
 * rows the history pruning would remove per table (the same keys as its step's counters).
 * Writes nothing.
 */
final class PurgePlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PurgePlanTasklet.class);

	private final JdbcTemplate jdbc;

	private final StepRun run;

	private final RetentionPeriods periods;

	private final PurgeSettings settings;

	private final Clock clock;

	PurgePlanTasklet(JdbcTemplate jdbc, StepRun run, RetentionPeriods periods, PurgeSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.run = run;
		this.periods = periods;
		this.settings = settings;
		this.clock = clock;
	}

	private static void add(Map<String, long[]> totals, String key, String relation, long rows) {
		long[] total = totals.computeIfAbsent(key, (k) -> new long[2]);
		total[0]++;
		total[1] += rows;
		logger.info("purge-retention plan: {} {}: {} rows", key, relation, rows);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Date day = Date.valueOf(PurgeRetentionJobConfiguration.purgeDay(this.run, this.clock));
		OffsetDateTime cutoff = PartitionDropTasklet.cutoff(day.toLocalDate());
		Map<String, long[]> totals = new TreeMap<>();
		for (Map<String, Object> relation : this.jdbc
			.queryForList(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "plan-relations"), day)) {
			String name = (String) relation.get("relation");
			String tier = (String) relation.get("tier");
			Map<String, Object> rows = this.jdbc.queryForMap(
					String.format(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "plan-count"), name), cutoff, day,
					cutoff, day);
			long total = ((Number) rows.get("total")).longValue();
			long held = ((Number) rows.get("held")).longValue();
			if (Boolean.TRUE.equals(relation.get("whole")) && total == ((Number) rows.get("expired")).longValue()) {
				add(totals, "audit_logs " + tier + " partition dropped", name, total - held);
				if (held > 0) {
					add(totals, "audit_logs " + tier + " rows kept by holds", name, held);
				}
			}
			else if (((Number) rows.get("deletable")).longValue() > 0) {
				add(totals, ("audit_logs " + tier).strip() + " rows deleted", name,
						((Number) rows.get("deletable")).longValue());
			}
		}
		long history = this.jdbc.queryForObject(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "plan-history"),
				Long.class, PurgeRetentionJobConfiguration.historyCutoff(this.run, this.periods, this.clock), day);
		if (history > 0) {
			add(totals, "booking_history rows deleted", "booking_history", history);
		}
		String line = "dry run, nothing removed: "
				+ (totals.isEmpty() ? "nothing" : totals.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + e.getValue()[1]
							+ (e.getKey().endsWith("partition dropped") ? " (" + e.getValue()[0] + " partitions)" : ""))
					.collect(Collectors.joining("; ")))
				+ " (each partition in the log); would prune: "
				+ StepCounters.line("", PruneHistoryTasklet.plan(this.jdbc, this.settings, this.clock, this.run));
		contribution.getStepExecution()
			.setExitStatus(contribution.getStepExecution().getExitStatus().addExitDescription(line));
		logger.info("{}: {}", PurgeRetentionJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

}
