package org.bookinglifecycle.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How purge-retention's DDL waits for locks ({@code purge} in
 * {@code jobs/purge-retention.yml}): each detach and drop is its own transaction under
 * {@code lockTimeout}, retried with backoff.
 *
 * @param lockTimeout how long one attempt may wait for a lock
 * @param ddlRetries attempts after the first
 * @param maxBackoff the longest pause between two attempts
 */
@ConfigurationProperties("purge")
public record PurgeSettings(Duration lockTimeout, Integer ddlRetries, Duration maxBackoff) {

	public PurgeSettings {
		lockTimeout = (lockTimeout != null) ? lockTimeout : Duration.ofSeconds(2);
		ddlRetries = (ddlRetries != null) ? ddlRetries : 10;
		maxBackoff = (maxBackoff != null) ? maxBackoff : Duration.ofSeconds(30);
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
		return problems;
	}

}
