package org.bookinglifecycle.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * purge-retention's last step: prunes Spring Batch's job history per job to the newest
 * executions the settings keep ({@code job-history-to-prune.sql} says which), with the
 * suite's execution owners that point at them, then the suite's own records past their
 * ages. One bounded batch per call, each call the step's transaction; the counters say
 * what went, per table. Evidence (the purge ledger, findings younger than their age)
 * lives in the suite's own tables and is not job history.
 */
final class PruneHistoryTasklet implements Tasklet {

	/**
	 * The suite's tables pruned by age, each with its age column (a whitelist: these
	 * names are the only ones formatted into the SQL).
	 */
	static final Map<String, String> SUITE_TABLES = suiteTables();

	private static final String[] HISTORY_TABLES = { "lifecycle_execution_owner", "batch_step_execution_context",
			"batch_step_execution", "batch_job_execution_context", "batch_job_execution_params", "batch_job_execution",
			"batch_job_instance" };

	private final JdbcTemplate jdbc;

	private final PurgeSettings settings;

	private final StepRun run;

	private final Timestamp restartableCutoff;

	private final List<String> tables = new ArrayList<>(SUITE_TABLES.keySet());

	private boolean historyDone;

	private long lastId = Long.MIN_VALUE;

	PruneHistoryTasklet(JdbcTemplate jdbc, PurgeSettings settings, Clock clock, StepRun run) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.run = run;
		this.restartableCutoff = restartableCutoff(settings, clock);
	}

	private static Map<String, String> suiteTables() {
		Map<String, String> tables = new LinkedHashMap<>();
		tables.put("lifecycle_skipped_rows", "recorded_at");
		tables.put("integrity_findings", "found_at");
		// delivered means published: published_at is set by the notifier (not built yet),
		// so until it is, no outbox event is ever pruned
		tables.put("lifecycle_outbox", "published_at");
		return tables;
	}

	/**
	 * Spring Batch writes its times in the JVM's zone, as the injected clock reads them.
	 */
	static Timestamp restartableCutoff(PurgeSettings settings, Clock clock) {
		return Timestamp.valueOf(LocalDateTime.now(clock).minus(settings.jobHistory().restartableAge()));
	}

	/** Rows of a suite table whose age column is before this go. */
	static OffsetDateTime suiteCutoff(StepRun run, PurgeSettings settings, String table) {
		PurgeSettings.SuiteTables ages = settings.suiteTables();
		Duration age = switch (table) {
			case "lifecycle_skipped_rows" -> ages.skippedRows();
			case "integrity_findings" -> ages.integrityFindings();
			case "lifecycle_outbox" -> ages.deliveredOutbox();
			default -> throw new IllegalArgumentException(table);
		};
		return PartitionDropTasklet.cutoff(run.parameters().asOf()).minus(age);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (!this.historyDone) {
			this.historyDone = !pruneHistoryBatch();
			return RepeatStatus.CONTINUABLE;
		}
		if (!this.tables.isEmpty()) {
			String table = this.tables.get(0);
			Map<String, Object> batch = this.jdbc.queryForMap(suiteSql("delete-old-suite-rows", table),
					suiteCutoff(this.run, this.settings, table), this.lastId, this.run.parameters().chunkSize());
			add(this.run.counters()::add, table, ((Number) batch.get("deleted")).longValue());
			Number last = (Number) batch.get("last_id");
			if (last == null) {
				this.tables.remove(0);
				this.lastId = Long.MIN_VALUE;
			}
			else {
				this.lastId = last.longValue();
			}
			return RepeatStatus.CONTINUABLE;
		}
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(
				step.getExitStatus().addExitDescription(StepCounters.line("pruned: ", this.run.counters().all())));
		return RepeatStatus.FINISHED;
	}

	/**
	 * One batch of job history: the next executions to prune, their instances locked (an
	 * execution being created for one of them waits for this transaction, and one created
	 * just before is seen), chosen again, and deleted with what points at them.
	 * @return whether anything was left to prune
	 */
	private boolean pruneHistoryBatch() {
		Map<Long, Long> chosen = choose(this.jdbc, this.settings, this.restartableCutoff, this.run,
				this.run.parameters().chunkSize());
		if (chosen.isEmpty()) {
			return false;
		}
		this.jdbc.queryForList(
				"SELECT job_instance_id FROM batch_job_instance WHERE job_instance_id = ANY (?)"
						+ " ORDER BY job_instance_id FOR UPDATE",
				Long.class, (Object) new TreeSet<>(chosen.values()).toArray(Long[]::new));
		Set<Long> still = choose(this.jdbc, this.settings, this.restartableCutoff, this.run,
				this.run.parameters().chunkSize())
			.keySet();
		Long[] ids = chosen.keySet().stream().filter(still::contains).toArray(Long[]::new);
		Map<String, Object> removed = this.jdbc
			.queryForMap(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "delete-job-history"), repeat(ids, 7));
		for (String table : HISTORY_TABLES) {
			add(this.run.counters()::add, table, ((Number) removed.get(table)).longValue());
		}
		return true;
	}

	/**
	 * What the step would remove now, per table, read only: the dry run's figures.
	 * @param jdbc the database
	 * @param settings the settings
	 * @param clock the clock
	 * @param run the dry run's step
	 * @return the rows per counter, those with none left out
	 */
	static Map<String, Long> plan(JdbcTemplate jdbc, PurgeSettings settings, Clock clock, StepRun run) {
		Map<String, Long> plan = new TreeMap<>();
		Long[] ids = choose(jdbc, settings, restartableCutoff(settings, clock), run, Integer.MAX_VALUE).keySet()
			.toArray(Long[]::new);
		Map<String, Object> history = jdbc
			.queryForMap(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "count-job-history"), repeat(ids, 8));
		for (String table : HISTORY_TABLES) {
			add(plan::put, table, ((Number) history.get(table)).longValue());
		}
		for (String table : SUITE_TABLES.keySet()) {
			add(plan::put, table, jdbc.queryForObject(suiteSql("count-old-suite-rows", table), Long.class,
					suiteCutoff(run, settings, table)));
		}
		return plan;
	}

	/** A table's counter is named by the table; a zero is not counted. */
	private static void add(BiConsumer<String, Long> counters, String table, long rows) {
		if (rows > 0) {
			counters.accept(table, rows);
		}
	}

	/** The executions to prune next, oldest first, each with its instance. */
	private static Map<Long, Long> choose(JdbcTemplate jdbc, PurgeSettings settings, Timestamp restartableCutoff,
			StepRun run, int limit) {
		Map<Long, Long> chosen = new LinkedHashMap<>();
		jdbc.query(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "job-history-to-prune"), (rs) -> {
			chosen.put(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"));
		}, run.jobExecutionId(), restartableCutoff, settings.jobHistory().keepCompleted(),
				settings.jobHistory().keepFailed(), limit);
		return chosen;
	}

	private static String suiteSql(String file, String table) {
		return String.format(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, file), table, SUITE_TABLES.get(table));
	}

	private static Object[] repeat(Long[] ids, int times) {
		Object[] parameters = new Object[times];
		Arrays.fill(parameters, ids);
		return parameters;
	}

}
