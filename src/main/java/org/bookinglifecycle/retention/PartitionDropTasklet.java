package org.bookinglifecycle.retention;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drops the month partitions of audit_logs the policy no longer allows, one per call.
 * Each goes in two short-lock transactions: (1) detach it from its tier and note it in
 * {@code lifecycle_purge_detached} (the tier's inserts wait at most the lock timeout, for
 * a catalog change of milliseconds); (2) on the detached table, which nothing else reads,
 * check that every row is past its stored expiry (a row kept longer on purpose sends the
 * month back, attached again, to the row-by-row purge), record the ids booking_history
 * still references as purged, write the ledger, drop it. A rerun after a crash between
 * the two finishes what the note says.
 */
final class PartitionDropTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PartitionDropTasklet.class);

	private final JdbcTemplate jdbc;

	private final ShortLockDdl ddl;

	private final StepRun run;

	private final LocalDate day;

	private final OffsetDateTime cutoff;

	private final Deque<Runnable> work = new ArrayDeque<>();

	private boolean planned;

	PartitionDropTasklet(JdbcTemplate jdbc, ShortLockDdl ddl, StepRun run, Clock clock) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.run = run;
		this.day = PurgeRetentionJobConfiguration.purgeDay(run, clock);
		this.cutoff = cutoff(this.day);
	}

	static OffsetDateTime cutoff(LocalDate asOf) {
		return asOf.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (!this.planned) {
			plan();
			this.planned = true;
		}
		Runnable next = this.work.pollFirst();
		if (next != null) {
			next.run();
		}
		if (!this.work.isEmpty()) {
			return RepeatStatus.CONTINUABLE;
		}
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus().addExitDescription(StepCounters.line("", this.run.counters().all())));
		return RepeatStatus.FINISHED;
	}

	private void plan() {
		// read in a transaction of its own, committed at once: the step's transaction
		// must
		// hold no lock on a leaf the detach below waits for
		this.ddl.execute("plan the drops", (tx) -> {
			for (Map<String, Object> pending : tx
				.queryForList("SELECT * FROM lifecycle_purge_detached ORDER BY leaf")) {
				this.work.add(() -> finish(pending));
			}
			if (!"p".equals(tx.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = 'audit_logs'::regclass",
					String.class))) {
				return;
			}
			for (Map<String, Object> leaf : tx.queryForList(
					SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "expired-partitions"), Date.valueOf(this.day))) {
				// a month whose bounds are past but which holds a row kept longer on
				// purpose
				// (or not yet dated) is not detached at all: its rows go one by one
				if (tx.queryForObject(
						"SELECT EXISTS (SELECT 1 FROM " + leaf.get("leaf") + " WHERE"
								+ " data_retention_expires_at IS NULL OR data_retention_expires_at >= ?)",
						Boolean.class, this.cutoff)) {
					this.run.counters().add("months kept (rows not yet expired)", 1);
					continue;
				}
				this.work.add(() -> detach(leaf));
			}
		});
	}

	private void detach(Map<String, Object> leaf) {
		String name = (String) leaf.get("leaf");
		Map<String, Object> detached = this.ddl.run("detach " + name, (tx) -> {
			String parent = tx.queryForObject(
					"SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid =" + " CAST(? AS REGCLASS)",
					String.class, name);
			tx.execute("ALTER TABLE " + parent + " DETACH PARTITION " + name);
			tx.update(
					"INSERT INTO lifecycle_purge_detached (leaf, parent, tier, range_from, range_to, job_instance_id)"
							+ " VALUES (?, ?, ?, ?, ?, ?)",
					name, parent, leaf.get("tier"), leaf.get("range_from"), leaf.get("range_to"),
					this.run.jobInstanceId());
			return tx.queryForMap("SELECT * FROM lifecycle_purge_detached WHERE leaf = ?", name);
		});
		finish(detached);
	}

	private void finish(Map<String, Object> detached) {
		String noted = (String) detached.get("leaf");
		this.ddl.execute("drop " + noted, (tx) -> {
			// names from the note are used only as the catalog spells them
			String leaf = tx.queryForObject("SELECT CAST(to_regclass(?) AS REGCLASS)::TEXT", String.class, noted);
			String parent = tx.queryForObject("SELECT CAST(to_regclass(?) AS REGCLASS)::TEXT", String.class,
					detached.get("parent"));
			if (leaf == null || parent == null) {
				throw new IllegalStateException("purge-retention: the detached month " + noted + " or its tier "
						+ detached.get("parent") + " no longer exists; see lifecycle_purge_detached");
			}
			tx.execute("LOCK TABLE " + leaf + " IN ACCESS EXCLUSIVE MODE");
			// holds are read once, as they stand now: none is added or released meanwhile
			tx.execute("LOCK TABLE legal_holds IN SHARE MODE");
			long unexpired = tx.queryForObject("SELECT count(*) FROM " + leaf
					+ " WHERE data_retention_expires_at IS NULL" + " OR data_retention_expires_at >= ?", Long.class,
					this.cutoff);
			if (unexpired > 0) {
				reattach(tx, detached, leaf, parent);
				this.run.counters().add("months kept (rows not yet expired)", 1);
				logger.info("purge-retention: {} holds {} rows not yet expired; attached again", leaf, unexpired);
				return;
			}
			Date asOf = Date.valueOf(this.run.parameters().asOf());
			Date day = Date.valueOf(this.day);
			// rows an active legal hold covers are kept aside: the month goes, they stay
			String columns = tx.queryForObject("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
					+ " FROM pg_attribute WHERE attrelid = 'audit_logs_held'::regclass AND attnum > 0"
					+ " AND NOT attisdropped AND attname <> 'kept_at'", String.class);
			int held = tx.update("INSERT INTO audit_logs_held (" + columns + ") SELECT " + columns + " FROM " + leaf
					+ " WHERE lifecycle_held(resource_type, resource_id, ?) ON CONFLICT (id) DO NOTHING", day);
			tx.update(
					String.format(SqlFiles.load(PurgeRetentionJobConfiguration.JOB, "record-purged-references"), leaf),
					detached.get("tier"), day);
			Map<String, Object> rows = tx.queryForMap("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi,"
					+ " pg_total_relation_size(CAST(? AS REGCLASS)) AS bytes FROM " + leaf, leaf);
			long removed = ((Number) rows.get("n")).longValue() - held;
			tx.update("INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, tier, partition_name,"
					+ " action, row_count, min_id, max_id, bytes_freed) VALUES (?, ?, 'audit_logs', ?, ?,"
					+ " 'partition dropped', ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT lifecycle_purge_ledger_once DO NOTHING",
					this.run.jobInstanceId(), asOf, detached.get("tier"), noted, removed, rows.get("lo"),
					rows.get("hi"), rows.get("bytes"));
			if (held > 0) {
				tx.update(
						"INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, tier, partition_name,"
								+ " action, row_count) VALUES (?, ?, 'audit_logs', ?, ?, 'rows kept by holds', ?)"
								+ " ON CONFLICT ON CONSTRAINT lifecycle_purge_ledger_once DO NOTHING",
						this.run.jobInstanceId(), asOf, detached.get("tier"), noted, held);
				this.run.counters().add("held rows kept aside", held);
			}
			tx.execute("DROP TABLE " + leaf);
			tx.update("DELETE FROM lifecycle_purge_detached WHERE leaf = ?", noted);
			this.run.counters().add("partitions dropped", 1);
			this.run.counters().add("rows in dropped partitions", removed);
			logger.info("purge-retention: dropped {} ({} rows)", leaf, rows.get("n"));
		});
	}

	/**
	 * Attach a detached month again: first the rows of its range that landed in the
	 * tier's default meanwhile move into it (with the default locked, so none slips in
	 * before the attach), then the attach.
	 */
	private static void reattach(JdbcTemplate tx, Map<String, Object> detached, String leaf, String parent) {
		String from = ((Timestamp) detached.get("range_from")).toInstant().toString();
		String to = ((Timestamp) detached.get("range_to")).toInstant().toString();
		String defaultPartition = tx
			.queryForObject("SELECT (SELECT CAST(d.inhrelid AS REGCLASS)::TEXT FROM pg_inherits d"
					+ " JOIN pg_class dc ON dc.oid = d.inhrelid WHERE d.inhparent = CAST(? AS REGCLASS)"
					+ " AND pg_get_expr(dc.relpartbound, dc.oid) = 'DEFAULT')", String.class, parent);
		if (defaultPartition != null) {
			tx.execute("LOCK TABLE " + defaultPartition + " IN ACCESS EXCLUSIVE MODE");
			String columns = tx.queryForObject("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
					+ " FROM pg_attribute WHERE attrelid = CAST(? AS REGCLASS) AND attnum > 0 AND NOT attisdropped",
					String.class, parent);
			tx.update("WITH moved AS (DELETE FROM " + defaultPartition + " WHERE created_at >= CAST(? AS TIMESTAMPTZ)"
					+ " AND created_at < CAST(? AS TIMESTAMPTZ) RETURNING " + columns + ") INSERT INTO " + leaf + " ("
					+ columns + ") SELECT " + columns + " FROM moved", from, to);
		}
		tx.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + leaf + " FOR VALUES FROM ('" + from + "') TO ('"
				+ to + "')");
		tx.update("DELETE FROM lifecycle_purge_detached WHERE leaf = ?", detached.get("leaf"));
	}

}
