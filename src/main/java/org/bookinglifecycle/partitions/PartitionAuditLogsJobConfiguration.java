package org.bookinglifecycle.partitions;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.IntSupplier;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.ParameterSpec;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * {@code partition-audit-logs}: the one-off, online conversion of a populated plain
 * {@code audit_logs} into the tier × month partitioned table
 * ({@link AuditLogsConversion}): prepare (build it beside, install the mirror trigger),
 * copy ({@code gridSize} id ranges in parallel, one transaction per chunk), swap (one
 * short-lock transaction, retried), verify (per tier and month), drop the old table (or
 * keep it {@code keepLegacy} longer; maintain-partitions drops it when due). Refused with
 * exit 2 on a table already partitioned; a rerun of an interrupted conversion continues
 * where it stands.
 */
@Configuration(proxyBeanMethods = false)
public class PartitionAuditLogsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "partition-audit-logs";

	static final ParameterSpec PREMAKE = MaintainPartitionsJobConfiguration.PREMAKE;

	static final ParameterSpec KEEP_LEGACY = ParameterSpec.optional("keepLegacy", ParameterSpec.Type.DURATION, "0s",
			"keep the old table");

	@Bean
	Job partitionAuditLogsJob(LifecycleJobs jobs, JdbcTemplate jdbc, DataSource dataSource, PartitionSettings settings,
			Clock clock) {
		ShortLockDdl ddl = new ShortLockDdl(dataSource, settings.lockTimeout(), settings.ddlRetries(),
				settings.maxBackoff());
		AuditLogsConversion conversion = new AuditLogsConversion(jdbc, ddl, settings);
		return jobs.job(JOB)
			.check("jobs/maintain-partitions.yml", settings::problems)
			.check("audit_logs", conversion::problems)
			.analyze("audit_logs")
			.dryRun(jobs.tasklet("planConversionStep",
					(run) -> new ConversionPlanTasklet(jdbc, conversion, LocalDate.now(clock.withZone(ZoneOffset.UTC)),
							day(run, clock), (int) run.parameters().number(PREMAKE))))
			.steps(jobs.tasklet("prepareConversionStep",
					(run) -> once(run, "partitions created",
							() -> conversion.prepare(LocalDate.now(clock.withZone(ZoneOffset.UTC)), day(run, clock),
									(int) run.parameters().number(PREMAKE)))),
					jobs.<Long, Long>chunkedStep("copyAuditLogsRange")
						.reader((run) -> KeysetReader.ids("auditIds", jdbc, SqlFiles.load(JOB, "ids-to-copy"),
								run.parameters().chunkSize(), run.minId(), run.maxId()))
						.writer((run) -> copyWriter(jdbc, run))
						.summary((step, counts) -> StepCounters.line("copied: ", counts))
						.partitioned("copyAuditLogsStep"),
					jobs.tasklet("redoChangedRowsStep", (run) -> (contribution, context) -> {
						int redone = conversion.redoChangedBatch();
						run.counters().add("rows changed during the copy, copied again", redone);
						if (redone > 0) {
							return RepeatStatus.CONTINUABLE;
						}
						StepExecution step = contribution.getStepExecution();
						step.setExitStatus(
								step.getExitStatus().addExitDescription(StepCounters.line("", run.counters().all())));
						return RepeatStatus.FINISHED;
					}),
					jobs.tasklet("swapTablesStep",
							(run) -> once(run, "tables swapped", () -> conversion.swap() ? 1 : 0)),
					jobs.tasklet("verifyConversionStep", (run) -> once(run, "tier-months verified", () -> {
						List<String> mismatches = conversion.verify(Duration.parse(run.parameters().text(KEEP_LEGACY)));
						if (!mismatches.isEmpty()) {
							throw new IllegalStateException("partition-audit-logs: the partitioned audit_logs differs"
									+ " from audit_logs_legacy in " + mismatches.size()
									+ " tier-months; the legacy table is kept. First: "
									+ String.join("; ", mismatches.subList(0, Math.min(5, mismatches.size()))));
						}
						return 1;
					})), jobs.tasklet("dropLegacyStep", (run) -> once(run, "legacy tables dropped",
							() -> AuditLogsConversion.dropLegacyIfDue(jdbc, ddl) ? 1 : 0)));
	}

	/**
	 * The day the layout is made for: the run's asOf, never after today (UTC), as the
	 * retention purge bounds its own day.
	 */
	static LocalDate day(StepRun run, Clock clock) {
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		LocalDate asOf = run.parameters().asOf();
		return asOf.isAfter(today) ? today : asOf;
	}

	/**
	 * The copy's writer: one chunk is one id range, copied by one statement in the
	 * chunk's transaction with {@code lifecycle.legacy_import} set (rows kept as stored).
	 */
	private static ItemWriter<Long> copyWriter(JdbcTemplate jdbc, StepRun run) {
		String sql = SqlFiles.load(JOB, "copy-chunk");
		return (chunk) -> {
			long started = System.nanoTime();
			long first = chunk.getItems().get(0);
			long last = chunk.getItems().get(chunk.size() - 1);
			jdbc.execute("SET LOCAL lifecycle.legacy_import = 'on'");
			run.counters().add("rows", jdbc.queryForObject(sql, Long.class, first, last));
			LifecycleMetrics.time(LifecycleMetrics.PARTITION_COPY_CHUNK, Duration.ofNanos(System.nanoTime() - started));
		};
	}

	/** A tasklet that does one unit and counts what it returns under a name. */
	private static Tasklet once(StepRun run, String counted, IntSupplier unit) {
		return (contribution, context) -> {
			run.counters().add(counted, unit.getAsInt());
			StepExecution step = contribution.getStepExecution();
			step.setExitStatus(step.getExitStatus().addExitDescription(StepCounters.line("", run.counters().all())));
			return RepeatStatus.FINISHED;
		};
	}

}
