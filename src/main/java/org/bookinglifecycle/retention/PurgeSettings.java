package org.bookinglifecycle.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How purge-retention's DDL waits for locks and how far it prunes the job history and the
 * suite's own tables ({@code purge} in {@code jobs/purge-retention.yml}): each detach and
 * drop is its own transaction under {@code lockTimeout}, retried with backoff.
 *
 * @param lockTimeout how long one attempt may wait for a lock
 * @param ddlRetries attempts after the first
 * @param maxBackoff the longest pause between two attempts
 * @param jobHistory how many executions of each job Spring Batch's tables keep
 * @param suiteTables how long the suite's own records are kept
 */
@ConfigurationProperties("purge")
public record PurgeSettings(Duration lockTimeout, Integer ddlRetries, Duration maxBackoff, JobHistory jobHistory,
		SuiteTables suiteTables) {

	public PurgeSettings {
		lockTimeout = (lockTimeout != null) ? lockTimeout : Duration.ofSeconds(2);
		ddlRetries = (ddlRetries != null) ? ddlRetries : 10;
		maxBackoff = (maxBackoff != null) ? maxBackoff : Duration.ofSeconds(30);
		jobHistory = (jobHistory != null) ? jobHistory : new JobHistory(null, null, null);
		suiteTables = (suiteTables != null) ? suiteTables : new SuiteTables(null, null, null);
	}

	/**
	 * Everything wrong with the settings.
	 * @return the problems, each naming the setting and what is allowed
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.lockTimeout.toMillis() < 10 || this.lockTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
			problems.add("purge.lock-timeout is " + this.lockTimeout + "; allowed: 10ms to 1m");
		}
		if (this.ddlRetries < 0 || this.ddlRetries > 1000) {
			problems.add("purge.ddl-retries is " + this.ddlRetries + "; allowed: 0 to 1000");
		}
		if (this.maxBackoff.isNegative() || this.maxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
			problems.add("purge.max-backoff is " + this.maxBackoff + "; allowed: 0s to 10m");
		}
		keep(problems, "purge.job-history.keep-completed", this.jobHistory.keepCompleted());
		keep(problems, "purge.job-history.keep-failed", this.jobHistory.keepFailed());
		Duration restartable = this.jobHistory.restartableAge();
		if (restartable.compareTo(Duration.ofDays(1)) < 0 || restartable.compareTo(Duration.ofDays(365)) > 0) {
			problems.add("purge.job-history.restartable-age is " + restartable + "; allowed: 1d to 365d");
		}
		age(problems, "purge.suite-tables.skipped-rows", this.suiteTables.skippedRows());
		age(problems, "purge.suite-tables.integrity-findings", this.suiteTables.integrityFindings());
		age(problems, "purge.suite-tables.delivered-outbox", this.suiteTables.deliveredOutbox());
		return problems;
	}

	private static void keep(List<String> problems, String setting, int keep) {
		if (keep < 1 || keep > 100_000) {
			problems.add(setting + " is " + keep + "; allowed: 1 to 100000");
		}
	}

	private static void age(List<String> problems, String setting, Duration age) {
		if (age.compareTo(Duration.ofDays(1)) < 0) {
			problems.add(setting + " is " + age + "; allowed: 1d or more");
		}
	}

	/**
	 * How much of Spring Batch's job history each job keeps (the seed's
	 * {@code removeOnComplete: 100, removeOnFail: 50}).
	 *
	 * @param keepCompleted the newest COMPLETED executions kept per job
	 * @param keepFailed the newest FAILED, STOPPED or ABANDONED executions kept per job
	 * @param restartableAge how long the last execution of an instance, FAILED or
	 * STOPPED, stays restartable: its instance is kept whole meanwhile
	 */
	public record JobHistory(Integer keepCompleted, Integer keepFailed, Duration restartableAge) {

		public JobHistory {
			keepCompleted = (keepCompleted != null) ? keepCompleted : 100;
			keepFailed = (keepFailed != null) ? keepFailed : 50;
			restartableAge = (restartableAge != null) ? restartableAge : Duration.ofDays(30);
		}

	}

	/**
	 * How long the suite's own records are kept, counted back from the start of
	 * {@code asOf} (UTC) like every other purge of the job.
	 *
	 * @param skippedRows lifecycle_skipped_rows, by recorded_at
	 * @param integrityFindings integrity_findings, by found_at
	 * @param deliveredOutbox lifecycle_outbox events, by published_at (an event never
	 * published is never pruned)
	 */
	public record SuiteTables(Duration skippedRows, Duration integrityFindings, Duration deliveredOutbox) {

		public SuiteTables {
			// 400 days: a year of evidence and a month to spare, so last year's same
			// night can still be compared when the yearly audit comes
			skippedRows = (skippedRows != null) ? skippedRows : Duration.ofDays(400);
			integrityFindings = (integrityFindings != null) ? integrityFindings : Duration.ofDays(400);
			deliveredOutbox = (deliveredOutbox != null) ? deliveredOutbox : Duration.ofDays(30);
		}

	}

}
