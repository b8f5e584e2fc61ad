package org.bookinglifecycle.partitions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;

/**
 * One run of maintain-partitions: under a session advisory lock (a second run waits for
 * the first, then finds nothing left to do), for each table of the run, give every range
 * parent a default partition, then create and attach each missing partition (a month, or
 * a span of the parent's width), moving its strays out of the default first. One unit of
 * work per call, so a stop request or {@code maxRuntime} is seen between two DDL
 * transactions; a rerun plans again from the catalog and continues.
 */
final class MaintainPartitionsTasklet implements Tasklet, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(MaintainPartitionsTasklet.class);

	/** The advisory lock every partition DDL of the suite runs under. */
	static final String LOCK = "SELECT pg_advisory_lock(hashtext('booking-lifecycle:partitions'))";

	private final DataSource dataSource;

	private final PartitionSettings settings;

	private final List<String> tables;

	private final StepRun run;

	private final int premake;

	private final Clock clock;

	private final Deque<Runnable> work = new ArrayDeque<>();

	private Connection session;

	private RangePartitions partitions;

	private JdbcTemplate jdbc;

	MaintainPartitionsTasklet(DataSource dataSource, PartitionSettings settings, List<String> tables, StepRun run,
			int premake, Clock clock) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.tables = tables;
		this.run = run;
		this.premake = premake;
		this.clock = clock;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws SQLException {
		if (this.session == null) {
			open();
		}
		Runnable next = this.work.pollFirst();
		if (next != null) {
			next.run();
		}
		if (!this.work.isEmpty()) {
			return RepeatStatus.CONTINUABLE;
		}
		long left = 0;
		for (String table : this.tables) {
			long rows = MaintainPartitionsJobConfiguration.defaultRows(this.jdbc, table);
			LifecycleMetrics.gauge(LifecycleMetrics.PARTITION_DEFAULT_ROWS, "table", table, rows);
			left += rows;
		}
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus()
			.addExitDescription(
					StepCounters.line("", this.run.counters().all()) + "; rows left in default partitions: " + left));
		return RepeatStatus.FINISHED;
	}

	private void open() throws SQLException {
		this.session = this.dataSource.getConnection();
		this.session.setAutoCommit(true);
		JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(this.session, true));
		this.jdbc = jdbc;
		if (!jdbc.queryForObject("SELECT pg_try_advisory_lock(hashtext('booking-lifecycle:partitions'))",
				Boolean.class)) {
			logger.info("maintain-partitions: another run holds the partition lock; waiting for it");
			jdbc.execute("SET lock_timeout = 0");
			jdbc.queryForObject(LOCK, Object.class);
			jdbc.execute("RESET lock_timeout");
		}
		ShortLockDdl ddl = new ShortLockDdl(new SingleConnectionDataSource(this.session, true),
				this.settings.lockTimeout(), this.settings.ddlRetries(), this.settings.maxBackoff());
		this.partitions = new RangePartitions(jdbc, ddl, this.settings, RangePartitions.periods(jdbc));
		this.work.add(() -> {
			if (AuditLogsConversion.dropLegacyIfDue(jdbc, ddl)) {
				this.run.counters().add("legacy tables dropped", 1);
			}
		});
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		for (String table : this.tables) {
			if (!"p".equals(jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE oid = CAST(? AS REGCLASS)",
					String.class, table))) {
				logger.info("maintain-partitions: {} is not partitioned yet (partition-audit-logs converts it)", table);
				this.run.counters().add("tables not partitioned", 1);
				continue;
			}
			for (RangeParent parent : RangeParent.of(jdbc, table)) {
				plan(parent, today);
			}
		}
	}

	private void plan(RangeParent parent, LocalDate today) {
		String problem = parent.problem(this.settings.width(parent.parentName()));
		if (problem != null) {
			throw new IllegalStateException("maintain-partitions: " + problem);
		}
		if (parent.defaultPartition() == null) {
			this.work.add(() -> {
				if (this.partitions.ensureDefault(parent)) {
					this.run.counters().add("defaults created", 1);
				}
			});
		}
		for (Span span : this.partitions.missing(parent, today, this.premake)) {
			this.work.add(() -> this.partitions.createDetached(parent, span));
			long strays = this.partitions.strays(parent, span);
			for (long left = strays; left > this.settings.rescueBatch(); left -= this.settings.rescueBatch()) {
				this.work.add(() -> this.run.counters()
					.add("rows rescued", this.partitions.moveBatch(parent, span, this.settings.rescueBatch())));
			}
			this.work.add(() -> {
				this.run.counters().add("rows rescued", this.partitions.attach(parent, span));
				this.run.counters().add("partitions created", 1);
				logger.info("maintain-partitions: attached {} ({})", parent.leafName(span), span);
			});
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.session != null) {
			try (Connection closing = this.session; Statement unlock = closing.createStatement()) {
				unlock.execute("SELECT pg_advisory_unlock_all()");
			}
			catch (SQLException ex) {
				logger.warn("maintain-partitions: closing its session: {}", ex.getMessage());
			}
			this.session = null;
		}
		return null;
	}

}
