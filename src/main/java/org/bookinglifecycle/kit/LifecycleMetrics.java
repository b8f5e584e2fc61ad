package org.bookinglifecycle.kit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * The suite's meters, named in one place: {@code lifecycle.<job>.<noun>}, lowercase
 * dotted, tagged with codes only (never personal data). Registered in Micrometer's global
 * registry; the scheduler daemon exports it.
 */
public final class LifecycleMetrics {

	/** Bookings archived, tagged {@code reason}. */
	public static final String ARCHIVE_ROWS = "lifecycle.archive.rows";

	/** Bookings a chunk could not lock (held by the platform), tagged {@code rule}. */
	public static final String ARCHIVE_SKIPPED_LOCKED = "lifecycle.archive.skipped.locked";

	/** Time of one archive chunk (its five statements and commit). */
	public static final String ARCHIVE_CHUNK = "lifecycle.archive.chunk";

	/** Time of one backfill chunk (its one UPDATE), tagged {@code job}. */
	public static final String BACKFILL_CHUNK = "lifecycle.backfill.chunk";

	/** Time of one chunk of partition-audit-logs' copy (its one INSERT ... SELECT). */
	public static final String PARTITION_COPY_CHUNK = "lifecycle.partitions.copy.chunk";

	/**
	 * Time of one chunk of purge-retention's exact-to-the-day delete (its one statement).
	 */
	public static final String PURGE_CHUNK = "lifecycle.purge.chunk";

	/**
	 * Rows waiting in default partitions after maintain-partitions, tagged {@code table}.
	 */
	public static final String PARTITION_DEFAULT_ROWS = "lifecycle.partitions.default.rows";

	/**
	 * The value an alert rule measured, tagged {@code rule} and {@code subject} (a job, a
	 * chain, a tier, a partition; empty for the whole suite).
	 */
	public static final String ALERT_VALUE = "lifecycle.alerts.value";

	/**
	 * Whether an alert fires (1) or not (0), tagged {@code rule}, {@code subject} and
	 * {@code severity}.
	 */
	public static final String ALERT_FIRING = "lifecycle.alerts.firing";

	/** Outbox deliveries a channel took, tagged {@code channel}. */
	public static final String NOTIFY_SENT = "lifecycle.notify.sent";

	/**
	 * Outbox delivery attempts that failed (retried or dead-lettered), tagged
	 * {@code channel}.
	 */
	public static final String NOTIFY_FAILED = "lifecycle.notify.failed";

	/**
	 * Outbox deliveries dead-lettered after their last attempt, tagged {@code channel}.
	 */
	public static final String NOTIFY_DEAD = "lifecycle.notify.dead";

	/**
	 * The outbox relay's backlog after its last round: deliveries pending and events not
	 * yet routed, tagged {@code table}.
	 */
	public static final String NOTIFY_BACKLOG = "lifecycle.notify.backlog";

	private static final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

	private LifecycleMetrics() {
	}

	private static MeterRegistry registry() {
		return Metrics.globalRegistry;
	}

	/**
	 * Count rows.
	 * @param name the meter
	 * @param tag the tag key
	 * @param value the tag value (a code)
	 * @param rows how many
	 */
	public static void count(String name, String tag, String value, long rows) {
		Counter.builder(name).baseUnit("rows").tag(tag, value).register(registry()).increment(rows);
	}

	/**
	 * Set a gauge: the latest figure a job measured.
	 * @param name the meter
	 * @param tag the tag key
	 * @param value the tag value (a code or a table name)
	 * @param figure the figure
	 */
	public static void gauge(String name, String tag, String value, long figure) {
		gauges.computeIfAbsent(name + '|' + tag + '=' + value, (key) -> {
			AtomicLong held = new AtomicLong();
			Gauge.builder(name, held, AtomicLong::get).tag(tag, value).baseUnit("rows").register(registry());
			return held;
		}).set(figure);
	}

	/**
	 * Record a chunk's duration.
	 * @param name the meter
	 * @param duration how long it took
	 */
	public static void time(String name, Duration duration) {
		Timer.builder(name)
			.description("duration of one chunk")
			.publishPercentiles(0.5, 0.99)
			.register(registry())
			.record(duration);
	}

	/**
	 * Record a chunk's duration, tagged.
	 * @param name the meter
	 * @param tag the tag key
	 * @param value the tag value (a code)
	 * @param duration how long it took
	 */
	public static void time(String name, String tag, String value, Duration duration) {
		Timer.builder(name)
			.description("duration of one chunk")
			.tag(tag, value)
			.publishPercentiles(0.5, 0.99)
			.register(registry())
			.record(duration);
	}

}
