package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.bookinglifecycle.db.DatabaseTarget;

import static org.awaitility.Awaitility.await;

/**
 * What the platform does to audit_logs, for the lab's probes: plain single-row INSERTs at
 * a fixed rate on a connection of its own, no tier given, each insert's wait measured
 * from its scheduled start (so a stall shows in the inserts queued behind it too). The
 * probes read the waits of each phase and wait on a number of inserts, never on the
 * clock.
 */
final class AuditInserter implements Runnable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	/** Per insert: its scheduled start (wall clock, ms), its wait (ns). */
	private final List<long[]> waits = Collections.synchronizedList(new ArrayList<>());

	private final DatabaseTarget database;

	private final int rate;

	private final String[] actions;

	private volatile long failures;

	/**
	 * An inserter.
	 * @param database where it inserts
	 * @param rate inserts per second
	 * @param actions the actions it cycles through (their tiers decide where rows go)
	 */
	AuditInserter(DatabaseTarget database, int rate, String... actions) {
		this.database = database;
		this.rate = rate;
		this.actions = actions;
	}

	/** Stop after the insert under way. */
	void stop() {
		this.running.set(false);
	}

	/** Inserts that failed. */
	long failures() {
		return this.failures;
	}

	/** Inserts done so far. */
	int count() {
		return this.waits.size();
	}

	/**
	 * Wait until this many more inserts are done (a measurement window of known size).
	 * @param inserts how many
	 */
	void awaitMore(int inserts) {
		int target = count() + inserts;
		await().atMost(Duration.ofSeconds(10L + 2L * inserts / this.rate)).until(() -> count() >= target);
	}

	/**
	 * The waits of the inserts scheduled in a window.
	 * @param from its start (wall clock, ms)
	 * @param to its end, exclusive
	 * @return the waits, ns
	 */
	List<Long> between(long from, long to) {
		List<Long> in = new ArrayList<>();
		synchronized (this.waits) {
			for (long[] wait : this.waits) {
				if (wait[0] >= from && wait[0] < to) {
					in.add(wait[1]);
				}
			}
		}
		return in;
	}

	@Override
	public void run() {
		long interval = 1_000_000_000L / this.rate;
		long next = System.nanoTime();
		long wallOffset = System.currentTimeMillis() - next / 1_000_000;
		try (Connection connection = this.database.dataSource().getConnection();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values)"
							+ " VALUES (?, ?, 'BOOKING', ?, CAST(? AS JSONB))")) {
			for (int i = 0; this.running.get(); i++) {
				// paced, not slept: the next insert starts at its scheduled time
				LockSupport.parkNanos(next - System.nanoTime());
				insert.setLong(1, 1000 + i % 500);
				insert.setString(2, this.actions[i % this.actions.length]);
				insert.setLong(3, 1 + (i * 7919L) % 100_000);
				insert.setString(4, "{\"probe\": " + i + "}");
				try {
					insert.executeUpdate();
				}
				catch (SQLException ex) {
					this.failures++;
					System.err.println("insert failed: " + ex.getMessage());
				}
				this.waits.add(new long[] { wallOffset + next / 1_000_000, System.nanoTime() - next });
				next += interval;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
