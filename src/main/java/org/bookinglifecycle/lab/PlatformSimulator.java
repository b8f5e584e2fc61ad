package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What the platform feels during a bench: single-row booking updates at a fixed rate,
 * each latency measured from its scheduled start (a blocked update also delays the ones
 * queued behind it, as on a real platform). Runs until stopped; phases mark which
 * latencies belong to what.
 */
public final class PlatformSimulator implements AutoCloseable {

	private final DataSource dataSource;

	private final long maxId;

	private final int ratePerSecond;

	private final Thread thread;

	private final AtomicLong lockTimeouts = new AtomicLong();

	private volatile boolean running = true;

	private volatile List<Long> phase = Collections.synchronizedList(new ArrayList<>());

	public PlatformSimulator(DataSource dataSource, long maxId, int ratePerSecond) {
		this.dataSource = dataSource;
		this.maxId = maxId;
		this.ratePerSecond = ratePerSecond;
		this.thread = new Thread(this::loop, "platform-simulator");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Start a new phase and return the latencies (nanoseconds) of the one that ended.
	 * @return the ended phase's latencies
	 */
	public List<Long> nextPhase() {
		List<Long> ended = this.phase;
		this.phase = Collections.synchronizedList(new ArrayList<>());
		synchronized (ended) {
			return new ArrayList<>(ended);
		}
	}

	public long lockTimeouts() {
		return this.lockTimeouts.get();
	}

	private void loop() {
		Random random = new Random(7);
		long interval = 1_000_000_000L / this.ratePerSecond;
		long next = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET lock_timeout = '5s'");
			}
			try (PreparedStatement update = connection
				.prepareStatement("UPDATE bookings SET updated_at = now() WHERE id = ?")) {
				while (this.running) {
					long wait = next - System.nanoTime();
					if (wait > 0) {
						Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					}
					update.setLong(1, 1 + (long) (random.nextDouble() * this.maxId));
					try {
						update.executeUpdate();
					}
					catch (SQLException ex) {
						if ("55P03".equals(ex.getSQLState())) {
							this.lockTimeouts.incrementAndGet();
						}
						else {
							throw ex;
						}
					}
					this.phase.add(System.nanoTime() - next);
					next += interval;
				}
			}
		}
		catch (SQLException ex) {
			this.running = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public static double percentileMillis(List<Long> nanos, double percentile) {
		if (nanos.isEmpty()) {
			return Double.NaN;
		}
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(percentile * sorted.size()) - 1);
		return sorted.get(Math.max(index, 0)) / 1e6;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
	}

}
