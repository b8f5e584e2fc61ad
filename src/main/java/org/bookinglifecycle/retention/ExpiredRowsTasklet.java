package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.Duration;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exact to the day: in every relation of audit_logs that may hold a row past its stored
 * expiry once whole months are dropped (the partly expired month of each tier, the
 * defaults, or the plain table), delete such rows in chunks by keyset over the id, one
 * chunk per call (each call is the step's transaction: the delete, the purged references
 * and the ledger commit together). A rerun starts each relation again from its first id;
 * what is gone is simply not found.
 */
final class ExpiredRowsTasklet implements Tasklet {

	private final JdbcTemplate jdbc;

	private final StepRun run;

	private final LocalDate day;

	private final OffsetDateTime cutoff;

	private final Deque<Map<String, Object>> relations = new ArrayDeque<>();

	private boolean planned;

	private long lastId = Long.MIN_VALUE;

	ExpiredRowsTasklet(JdbcTemplate jdbc, StepRun run, Clock clock) {
		this.jdbc = jdbc;
		this.run = run;
		this.day = PurgeRetentionJobConfiguration.purgeDay(run, clock);
		this.cutoff = PartitionDropTasklet.cutoff(this.day);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Date asOf = Date.valueOf(this.run.parameters().asOf());
		Date day = Date.valueOf(this.day);
		if (!this.planned) {
			this.relations.addAll(this.jdbc
				.queryForList(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "partly-expired-relations"), day));
			this.planned = true;
		}
		Map<String, Object> relation = this.relations.peekFirst();
		if (relation != null) {
			String name = (String) relation.get("relation");
			long started = System.nanoTime();
			this.jdbc.execute("SET LOCAL lock_timeout = '5s'");
			Map<String, Object> chunk = this.jdbc.queryForMap(
					String.format(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "delete-expired-chunk"), name),
					this.cutoff, this.lastId, day, this.run.parameters().chunkSize(), this.run.jobInstanceId(), asOf,
					"audit_logs", relation.get("tier"), "audit_logs".equals(name) ? "" : name);
			LifecycleMetrics.time(LifecycleMetrics.PURGE_CHUNK, Duration.ofNanos(System.nanoTime() - started));
			long deleted = ((Number) chunk.get("deleted")).longValue();
			if (deleted > 0) {
				this.run.counters().add("audit rows past their expiry deleted", deleted);
			}
			Number last = (Number) chunk.get("last_id");
			if (last == null) {
				this.relations.pollFirst();
				this.lastId = Long.MIN_VALUE;
			}
			else {
				this.lastId = last.longValue();
			}
		}
		if (!this.relations.isEmpty()) {
			return RepeatStatus.CONTINUABLE;
		}
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus().addExitDescription(StepCounters.line("", this.run.counters().all())));
		return RepeatStatus.FINISHED;
	}

}
