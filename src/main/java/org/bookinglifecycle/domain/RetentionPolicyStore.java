package org.bookinglifecycle.domain;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.kit.SuiteJobListener;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the database's copy of the retention periods
 * ({@code lifecycle_retention_periods}, where the audit_logs trigger reads them to date
 * new rows) in line with {@code jobs/purge-retention.yml}, the one source of the periods:
 * written by {@code migrate} and at the start of every job run. A period that changes
 * marks its tier's stored expiries stale, until {@code backfill-retention mode=realign}
 * has re-dated them; the purge must never act on a stale tier.
 */
@Component
@EnableConfigurationProperties(RetentionPeriods.class)
public class RetentionPolicyStore implements SuiteJobListener {

	private final RetentionPeriods periods;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	public RetentionPolicyStore(RetentionPeriods periods, JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.periods = periods;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Everything wrong with the periods in the file.
	 * @return the problems, each naming the setting and what is allowed
	 */
	public List<String> problems() {
		return this.periods.problems();
	}

	/**
	 * Write the file's periods where the trigger reads them, if they are valid; a tier
	 * whose period changed gets its stored expiries marked stale.
	 * @return the tiers whose period changed (or were written for the first time)
	 */
	public List<String> write() {
		if (!this.periods.problems().isEmpty()) {
			return List.of();
		}
		return this.transaction.execute((status) -> this.periods.tiers()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.filter((tier) -> this.jdbc.update("""
					INSERT INTO lifecycle_retention_periods (tier, years) VALUES (?, ?)
					ON CONFLICT (tier) DO UPDATE
					  SET years = EXCLUDED.years, updated_at = now(), expiries_stale = true, changed_at = now()
					  WHERE lifecycle_retention_periods.years <> EXCLUDED.years""", tier.getKey(), tier.getValue()) > 0)
			.map(Map.Entry::getKey)
			.toList());
	}

	/**
	 * After a realign that started at {@code since} completed: the expiries of every tier
	 * whose period has not changed since are current again.
	 * @param since when the realign started
	 */
	public void markExpiriesCurrent(LocalDateTime since) {
		this.jdbc.update(
				"UPDATE lifecycle_retention_periods SET expiries_stale = false WHERE expiries_stale AND changed_at <= ?",
				Timestamp.valueOf(since));
	}

	/**
	 * Before every run but a dry run (which writes nothing): the database follows the
	 * file.
	 */
	@Override
	public void beforeJob(JobExecution jobExecution) {
		if (!RunParameters.of(jobExecution.getJobParameters()).dryRun()) {
			write();
		}
	}

}
