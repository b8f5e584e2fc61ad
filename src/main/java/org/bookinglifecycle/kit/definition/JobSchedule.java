package org.bookinglifecycle.kit.definition;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * When a job runs, from the {@code schedule:} block of its definition: a cron of its own
 * (in the schedule's time zone), or a place in a chain right after another job. A job
 * with a cron heads a chain (the jobs whose {@code after:} leads to it), which the
 * scheduler runs as one night. Checked when the definitions are loaded; the scheduler
 * fires from it, {@code demo} orders the nightly chain by it.
 *
 * @param cron a Quartz cron expression (seconds first), or {@code null} for a chained job
 * @param timeZone the zone the cron is read in (and the night's {@code asOf} taken in)
 * @param after the job this one follows in the chain, or {@code null}
 * @param enabled whether the scheduler fires it
 * @param chain the name of the chain this job heads (a job with a cron), else
 * {@code null}
 * @param misfire what the scheduler does with a fire it missed (it was down)
 * @param catchUpWindow how late a missed fire may still run, with
 * {@link Misfire#CATCH_UP}
 * @param retry how a failed scheduled run is retried, or {@code null} when the definition
 * sets none (a chain's head then gives it, else {@link Retry#DEFAULT})
 * @param parameters the parameters a scheduled run gets, {@code name=value}, before the
 * night's {@code asOf}
 */
public record JobSchedule(String cron, String timeZone, String after, boolean enabled, String chain, Misfire misfire,
		Duration catchUpWindow, Retry retry, List<String> parameters) {

	/** The catch-up window when the definition gives none. */
	public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(6);

	/**
	 * The name of the chain a job heads when its definition names none.
	 * @param root the job with the cron
	 * @return {@code <root>-night}
	 */
	public static String defaultChainName(String root) {
		return root + "-night";
	}

	/**
	 * The fire times of this schedule's cron after {@code from}, up to and including
	 * {@code until}.
	 * @param from the start (excluded)
	 * @param until the end (included)
	 * @return the fire times, in order (none for a job without a cron)
	 */
	public List<Instant> firesBetween(Instant from, Instant until) {
		List<Instant> fires = new ArrayList<>();
		if (this.cron == null) {
			return fires;
		}
		CronExpression expression = expression();
		Date next = expression.getNextValidTimeAfter(Date.from(from));
		while (next != null && !next.toInstant().isAfter(until) && fires.size() < 10_000) {
			fires.add(next.toInstant());
			next = expression.getNextValidTimeAfter(next);
		}
		return fires;
	}

	/**
	 * The next fire time after an instant.
	 * @param after the instant
	 * @return the next fire time, empty for a job without a cron or a cron that never
	 * fires again
	 */
	public Optional<Instant> nextFire(Instant after) {
		if (this.cron == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(expression().getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
	}

	/**
	 * The night an instant belongs to: the latest fire time of the cron at or before it
	 * (a catch-up at 08:00 or a retry after midnight is still the night that fired at
	 * 02:00 the day before).
	 * @param at the instant (a fire, a catch-up, a retry)
	 * @return the night's scheduled fire time, empty if the cron never fired in the year
	 * before
	 */
	public Optional<Instant> nightOf(Instant at) {
		if (this.cron == null) {
			return Optional.empty();
		}
		CronExpression expression = expression();
		for (Duration lookBack : List.of(Duration.ofHours(1), Duration.ofDays(2), Duration.ofDays(32),
				Duration.ofDays(400))) {
			Instant last = null;
			Date next = expression.getNextValidTimeAfter(Date.from(at.minus(lookBack)));
			while (next != null && !next.toInstant().isAfter(at)) {
				last = next.toInstant();
				next = expression.getNextValidTimeAfter(next);
			}
			if (last != null) {
				return Optional.of(last);
			}
		}
		return Optional.empty();
	}

	/**
	 * The business date of a night: the fire time's date in the schedule's zone.
	 * @param night the night's scheduled fire time
	 * @return its {@code asOf}
	 */
	public LocalDate asOf(Instant night) {
		return night.atZone(ZoneId.of(this.timeZone)).toLocalDate();
	}

	private CronExpression expression() {
		try {
			CronExpression expression = new CronExpression(this.cron);
			expression.setTimeZone(TimeZone.getTimeZone(ZoneId.of(this.timeZone)));
			return expression;
		}
		catch (ParseException ex) {
			// checked when the definition was loaded
			throw new IllegalStateException("cron '" + this.cron + "' is not valid", ex);
		}
	}

	/**
	 * How a night is retried when this job of it failed: its own retry, else the head's,
	 * else the default.
	 * @param head the schedule of the chain's head
	 * @return the retry
	 */
	public Retry retryIn(JobSchedule head) {
		if (this.retry != null) {
			return this.retry;
		}
		return (head.retry() != null) ? head.retry() : Retry.DEFAULT;
	}

	/** What the scheduler does with a fire it missed. */
	public enum Misfire {

		/**
		 * Run the missed night once, now, if it is no later than the catch-up window;
		 * else skip it and record the skip. Never a backlog of missed nights.
		 */
		CATCH_UP("catch-up"),
		/** Skip every missed fire and record the skip; the next night runs on time. */
		SKIP("skip");

		private final String label;

		Misfire(String label) {
			this.label = label;
		}

		/**
		 * As written in the definition.
		 * @return the label
		 */
		public String label() {
			return this.label;
		}

	}

	/**
	 * How a failed scheduled run is retried: the same job instance restarted, after a
	 * wait that doubles each time.
	 *
	 * @param attempts how many times a night runs at most, the first run included (the
	 * seed's {@code attempts: 3})
	 * @param backoff the wait before the first restart; each later wait doubles
	 * @param maxBackoff the longest wait
	 */
	public record Retry(int attempts, Duration backoff, Duration maxBackoff) {

		/** The seed's {@code attempts: 3, backoff: 'exponential'}. */
		public static final Retry DEFAULT = new Retry(3, Duration.ofMinutes(5), Duration.ofHours(1));

		/**
		 * The wait after a failed attempt.
		 * @param attempt the attempt that failed, from 1
		 * @return {@code backoff * 2^(attempt-1)}, at most {@code maxBackoff}
		 */
		public Duration waitAfter(int attempt) {
			Duration wait = this.backoff;
			for (int i = 1; i < attempt && wait.compareTo(this.maxBackoff) < 0; i++) {
				wait = wait.multipliedBy(2);
			}
			return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
		}

	}

}
