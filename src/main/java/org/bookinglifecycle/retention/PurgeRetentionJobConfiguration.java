package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.domain.AnonymizationLimit;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.domain.RetentionPolicyStore;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.Job;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * {@code purge-retention}: removes what the retention policy in force
 * ({@code jobs/purge-retention.yml}) no longer allows. Whole month partitions of
 * audit_logs whose upper bound plus the tier's period has passed are detached and dropped
 * ({@link PartitionDropTasklet}); rows past their stored expiry elsewhere are deleted in
 * chunks ({@link ExpiredRowsTasklet}); booking_history rows whose check-out is older than
 * its period are deleted in chunks; last, Spring Batch's job history and the suite's own
 * records are pruned ({@link PruneHistoryTasklet}). Every purge of retained data goes to
 * the purge ledger in the same transaction; audit ids booking_history still references
 * are recorded as purged, one by one, so verify-integrity tells them from dangling ones.
 * Refused before any work on a policy that breaks its own rules, on tiers whose stored
 * expiries are stale, and during a conversion of audit_logs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PurgeSettings.class)
public class PurgeRetentionJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "purge-retention";

	/**
	 * The settings of {@code jobs/purge-retention.yml} that exist, by block: anything
	 * else (an unknown table under {@code retention}, a misspelt {@code lock-timeout})
	 * stops a run rather than running on a default.
	 */
	static final Map<String, Set<String>> SETTINGS = Map.of("retention",
			Set.of("tiers", "booking-history", "sensitive-data"), "retention.tiers", Set.copyOf(RetentionPeriods.TIERS),
			"retention.sensitive-data", Set.of("delete-after"), "purge",
			Set.of("lock-timeout", "ddl-retries", "max-backoff", "job-history", "suite-tables"), "purge.job-history",
			Set.of("keep-completed", "keep-failed", "restartable-age"), "purge.suite-tables",
			Set.of("skipped-rows", "integrity-findings", "delivered-outbox"));

	@Bean
	Job purgeRetentionJob(LifecycleJobs jobs, JdbcTemplate jdbc, DataSource dataSource, RetentionPolicyStore policy,
			RetentionPeriods periods, PurgeSettings settings, Clock clock, Environment environment,
			JobDefinitions definitions) {
		ShortLockDdl ddl = new ShortLockDdl(dataSource, settings.lockTimeout(), settings.ddlRetries(),
				settings.maxBackoff());
		return jobs.job(JOB)
			.check("jobs/purge-retention.yml", () -> definitions.unknownSettings("purge-retention.yml", SETTINGS))
			.check("jobs/purge-retention.yml", policy::problems)
			.check("jobs/purge-retention.yml", settings::problems)
			.check("jobs/anonymize-guests.yml", () -> anonymizeAfterProblems(environment, periods))
			.check("the stored expiries", () -> staleProblems(jdbc, periods))
			.check("audit_logs", () -> AuditRowsGuard.conversionProblems(jdbc))
			.check("audit_log_ids", () -> AuditRowsGuard.runningReferenceWriters(jdbc))
			.checkRun("Parameter asOf", (run) -> futureProblems(run, clock))
			.analyze("audit_logs", "booking_history")
			.dryRun(jobs.tasklet("planPurgeStep", (run) -> new PurgePlanTasklet(jdbc, run, periods, settings, clock)))
			.steps(jobs.tasklet("dropExpiredPartitionsStep", (run) -> new PartitionDropTasklet(jdbc, ddl, run, clock)),
					jobs.tasklet("deleteExpiredAuditRowsStep", (run) -> new ExpiredRowsTasklet(jdbc, run, clock)),
					jobs.<Long, Long>chunkedStep("deleteExpiredHistoryStep")
						.reader((run) -> KeysetReader.ids("historyIds", jdbc,
								SqlFiles.load(JOB, "history-ids-to-delete"), run.parameters().chunkSize(),
								historyCutoff(run, periods, clock), Date.valueOf(purgeDay(run, clock))))
						.writer((run) -> new CountingUpdateWriter(run, jdbc, null,
								SqlFiles.load(JOB, "delete-history-chunk"), historyCutoff(run, periods, clock),
								Date.valueOf(purgeDay(run, clock)), run.jobInstanceId(),
								Date.valueOf(run.parameters().asOf())))
						.summary((step, counts) -> StepCounters.line("", counts))
						.build(),
					jobs.tasklet("pruneHistoryStep", (run) -> new PruneHistoryTasklet(jdbc, settings, clock, run)));
	}

	/** Its evidence in {@code show}: the ledger of the execution's instance. */
	@Bean
	ExecutionEvidence purgeLedgerEvidence() {
		return ExecutionEvidence.countedBy(JOB, "purge ledger: ");
	}

	/** Its lines on {@code status}: the age of the oldest row against its period. */
	@Bean
	StatusContributor purgeRetentionStatus() {
		return (jdbc, exact) -> StatusContributor.fromSql(jdbc, JOB, exact);
	}

	/**
	 * The day the purge counts from: {@code asOf}, but never later than today in UTC (the
	 * cutoff is the start of that day, UTC): a JVM east of UTC whose {@code asOf} is
	 * already tomorrow in UTC terms purges nothing before its time.
	 * @param run the run
	 * @param clock the suite's clock
	 * @return the day
	 */
	static LocalDate purgeDay(StepRun run, Clock clock) {
		LocalDate utcToday = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		LocalDate asOf = run.parameters().asOf();
		return asOf.isAfter(utcToday) ? utcToday : asOf;
	}

	/** booking_history rows whose check-out is before this date go. */
	static Date historyCutoff(StepRun run, RetentionPeriods periods, Clock clock) {
		return Date.valueOf(purgeDay(run, clock).minusYears(periods.bookingHistory()));
	}

	/**
	 * A run dated after today (in the JVM's zone, as asOf's default is) would purge
	 * early.
	 */
	static List<String> futureProblems(RunParameters run, Clock clock) {
		LocalDate today = LocalDate.now(clock);
		return run.asOf().isAfter(today) ? List.of("asOf=" + run.asOf() + " is after today (" + today
				+ "); a purge never runs ahead of the calendar: allowed, today or earlier") : List.of();
	}

	/**
	 * Tiers whose stored expiries do not follow the file's periods: changed in the file
	 * and not yet copied, or copied and not yet realigned. Partition drops follow the
	 * periods, row deletes the stored expiries: until both agree nothing is purged.
	 */
	static List<String> staleProblems(JdbcTemplate jdbc, RetentionPeriods periods) {
		List<String> problems = new ArrayList<>();
		for (String tier : RetentionPeriods.TIERS) {
			List<Map<String, Object>> stored = jdbc
				.queryForList("SELECT years, expiries_stale FROM lifecycle_retention_periods WHERE tier = ?", tier);
			Integer years = periods.tiers().get(tier);
			if (stored.isEmpty() || !stored.get(0).get("years").equals(years)) {
				problems.add("tier " + tier + " is " + years + " years in the file but "
						+ (stored.isEmpty() ? "not in the database" : stored.get(0).get("years") + " in the database")
						+ ": run `migrate`, then `run backfill-retention mode=realign`, before purging");
			}
			else if (Boolean.TRUE.equals(stored.get(0).get("expiries_stale"))) {
				problems.add("the stored expiries of tier " + tier + " are stale (its period changed): run"
						+ " `run backfill-retention mode=realign` first");
			}
		}
		return problems;
	}

	/**
	 * The anonymization limit ({@code anonymize.after} of jobs/anonymize-guests.yml) must
	 * be shorter than booking_history's period: a history row is masked before the purge
	 * deletes it, never the other way round (the masking and its GDPR_ANONYMIZE evidence
	 * would never happen).
	 */
	static List<String> anonymizeAfterProblems(Environment environment, RetentionPeriods periods) {
		String after = environment.getProperty(AnonymizationLimit.KEY);
		List<String> problems = AnonymizationLimit.problems(after);
		if (!problems.isEmpty() || periods.bookingHistory() == null) {
			return problems;
		}
		Period limit = Period.parse(after.strip());
		LocalDate from = LocalDate.of(2000, 1, 1);
		if (!from.plus(limit).isBefore(from.plusYears(periods.bookingHistory()))) {
			return List.of("anonymize.after is " + after + ", not shorter than retention.booking-history ("
					+ periods.bookingHistory() + " years): history would be deleted before it is anonymized;"
					+ " allowed: a period shorter than " + periods.bookingHistory() + " years");
		}
		return List.of();
	}

}
