package org.bookinglifecycle.partitions;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.kit.LockTableCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * partition-audit-logs' dry run: the partitions it would create, the rows per tier and
 * month it would copy (each month in the log, the tiers' totals in the summary), and an
 * estimated duration: a sample of up to 10,000 rows copied into a temporary table with
 * the same indexes, in a transaction rolled back, so nothing is written.
 */
final class ConversionPlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ConversionPlanTasklet.class);

	private static final int SAMPLE = 10_000;

	private final JdbcTemplate jdbc;

	private final AuditLogsConversion conversion;

	private final LocalDate today;

	private final LocalDate day;

	private final int premake;

	ConversionPlanTasklet(JdbcTemplate jdbc, AuditLogsConversion conversion, LocalDate today, LocalDate day,
			int premake) {
		this.jdbc = jdbc;
		this.conversion = conversion;
		this.today = today;
		this.day = day;
		this.premake = premake;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Map<String, List<Span>> layout = this.conversion.layout(this.today, this.day, this.premake);
		Map<String, Long> perTier = new LinkedHashMap<>();
		RetentionPeriods.TIERS.forEach((tier) -> perTier.put(tier, 0L));
		this.jdbc.query(SqlFiles.load(PartitionAuditLogsJobConfiguration.JOB, "plan"), (rs) -> {
			logger.info("partition-audit-logs plan: {} {}: {} rows", rs.getString("tier"), rs.getString("month"),
					rs.getLong("rows"));
			perTier.merge(rs.getString("tier"), rs.getLong("rows"), Long::sum);
		});
		long total = perTier.values().stream().mapToLong(Long::longValue).sum();
		int partitions = layout.values().stream().mapToInt(List::size).sum() + layout.size();
		StringBuilder line = new StringBuilder("dry run, nothing written: create ").append(partitions)
			.append(" partitions (");
		layout.forEach((tier, spans) -> {
			line.append(tier).append(' ').append(spans.size());
			if (!spans.isEmpty()) {
				line.append(' ').append(spans.get(0).first()).append(" to ").append(spans.get(spans.size() - 1).last());
			}
			line.append("; ");
			logger.info("partition-audit-logs plan: {} partitions: {}", tier, spans);
		});
		line.setLength(line.length() - 2);
		line.append(", and a default per tier); copy ");
		perTier.forEach((tier, rows) -> line.append(tier).append('=').append(rows).append(' '));
		line.append("(rows per month in the log)");
		LockTableCheck.Need need = this.conversion.lockNeed(layout);
		line.append("; then a statement reading every leaf locks ").append(need.relations()).append(" relations");
		if (need.tooLow()) {
			logger.warn("partition-audit-logs: once converted, {}", need.message());
			line.append(" (max_locks_per_transaction is ").append(need.setting()).append(": too low, see the log)");
		}
		Duration estimate = estimate(total);
		if (estimate != null) {
			line.append("; estimated copy: about ").append(estimate.toSeconds()).append(" s (from a sample)");
		}
		contribution.getStepExecution()
			.setExitStatus(contribution.getStepExecution().getExitStatus().addExitDescription(line.toString()));
		logger.info("{}: {}", PartitionAuditLogsJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

	private Duration estimate(long total) {
		if (total == 0) {
			return null;
		}
		// the step's transaction is rolled back below, whatever happens: a dry run writes
		// nothing
		this.jdbc.execute(
				"CREATE TEMPORARY TABLE lifecycle_copy_sample (LIKE audit_logs INCLUDING INDEXES)" + " ON COMMIT DROP");
		long started = System.nanoTime();
		Long copied = this.jdbc.queryForObject("WITH s AS (INSERT INTO lifecycle_copy_sample SELECT * FROM audit_logs"
				+ " ORDER BY id LIMIT " + SAMPLE + " RETURNING 1) SELECT count(*) FROM s", Long.class);
		long nanos = System.nanoTime() - started;
		this.jdbc.execute("DROP TABLE lifecycle_copy_sample");
		if (copied == null || copied == 0) {
			return null;
		}
		return Duration.ofNanos((long) ((double) nanos / copied * total));
	}

}
