package org.bookinglifecycle.kit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * Runs DDL on a live table the way the platform can bear it: each attempt is its own
 * transaction under a short {@code lock_timeout}, so a DDL that queues behind a long
 * reader gives up before the platform's statements pile up behind it; an attempt that
 * timed out on a lock (SQLSTATE 55P03) or lost a deadlock (40P01) is rolled back and
 * retried with exponential backoff and jitter. Any other error is not retried. Run inside
 * a step, each attempt first passes the {@link ExecutionFence} of the step's execution.
 */
public final class ShortLockDdl {

	private static final Logger logger = LoggerFactory.getLogger(ShortLockDdl.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Duration lockTimeout;

	private final RetryTemplate retry;

	/**
	 * DDL on this database.
	 * @param dataSource the database (a single connection when the caller holds a session
	 * advisory lock on it)
	 * @param lockTimeout how long one attempt may wait for a lock
	 * @param retries attempts after the first
	 * @param maxBackoff the longest pause between attempts
	 */
	public ShortLockDdl(DataSource dataSource, Duration lockTimeout, int retries, Duration maxBackoff) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		// its own transaction even when called from a step's (a tasklet's) transaction
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.lockTimeout = lockTimeout;
		Duration first = lockTimeout.compareTo(maxBackoff) < 0 ? lockTimeout : maxBackoff;
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(retries)
			.delay(first)
			.multiplier(2)
			.maxDelay(maxBackoff)
			.jitter(first.dividedBy(2))
			.predicate(ShortLockDdl::lockConflict)
			.build());
	}

	/**
	 * Run one unit of DDL in its own transaction, retried while it times out on a lock.
	 * @param <T> what the unit returns
	 * @param what what it does, for the log (no personal data)
	 * @param unit the work, given the connection's template inside the transaction
	 * @return what the unit returned
	 * @throws LockNotAvailableException when every attempt timed out
	 */
	public <T> T run(String what, Function<JdbcTemplate, T> unit) {
		int[] attempt = { 0 };
		try {
			return this.retry.execute(() -> this.transactions.execute((status) -> {
				attempt[0]++;
				if (attempt[0] > 1) {
					logger.info("{}: attempt {} (lock_timeout {} ms)", what, attempt[0], this.lockTimeout.toMillis());
				}
				this.jdbc.execute("SET LOCAL lock_timeout = '" + this.lockTimeout.toMillis() + "ms'");
				// its own transaction commits apart from the step's: fenced on its own
				ExecutionFence.currentJobExecution().ifPresent((id) -> ExecutionFence.check(this.jdbc, id));
				return unit.apply(this.jdbc);
			}));
		}
		catch (RetryException ex) {
			if (lockConflict(ex.getLastException())) {
				throw new LockNotAvailableException(what + ": still waiting for a lock after " + attempt[0]
						+ " attempts of " + this.lockTimeout.toMillis() + " ms; a long transaction holds the table."
						+ " Nothing was changed; run the job again (it continues).", ex.getLastException());
			}
			Throwable cause = ex.getLastException();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(what + " failed", cause);
		}
	}

	/**
	 * Run one unit that returns nothing.
	 * @param what what it does, for the log
	 * @param unit the work
	 */
	public void execute(String what, Consumer<JdbcTemplate> unit) {
		run(what, (jdbc) -> {
			unit.accept(jdbc);
			return null;
		});
	}

	static boolean lockConflict(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql
					&& ("55P03".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/** Every attempt of a DDL timed out waiting for a lock; nothing was changed. */
	public static final class LockNotAvailableException extends RuntimeException {

		LockNotAvailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
