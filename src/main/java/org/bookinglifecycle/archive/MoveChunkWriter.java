package org.bookinglifecycle.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves one chunk of bookings into booking_history with the one statement of
 * {@code move-chunk-to-history.sql}, under a short {@code lock_timeout}, and keeps
 * per-rule counts (archived, skipped because locked) in the step's execution context,
 * committed with the chunk.
 */
class MoveChunkWriter implements ItemStreamWriter<Long> {

	static final String ARCHIVED = "archived.";

	static final String SKIPPED_LOCKED = "skippedLocked.";

	private static final String CANCELLED = "CANCELLED";

	private final JdbcTemplate jdbc;

	private final String rulesJson;

	private final long executionId;

	private final long instanceId;

	private final Duration lockTimeout;

	private final Map<String, Long> archived = new TreeMap<>();

	private final Map<String, Long> skipped = new TreeMap<>();

	MoveChunkWriter(JdbcTemplate jdbc, String rulesJson, long executionId, long instanceId, Duration lockTimeout) {
		this.jdbc = jdbc;
		this.rulesJson = rulesJson;
		this.executionId = executionId;
		this.instanceId = instanceId;
		this.lockTimeout = lockTimeout;
	}

	@Override
	public void open(ExecutionContext context) {
		context.entrySet().forEach((entry) -> {
			if (entry.getKey().startsWith(ARCHIVED)) {
				this.archived.put(entry.getKey().substring(ARCHIVED.length()), ((Number) entry.getValue()).longValue());
			}
			else if (entry.getKey().startsWith(SKIPPED_LOCKED)) {
				this.skipped.put(entry.getKey().substring(SKIPPED_LOCKED.length()),
						((Number) entry.getValue()).longValue());
			}
		});
	}

	@Override
	public void write(Chunk<? extends Long> chunk) {
		long started = System.nanoTime();
		// SET LOCAL: for this chunk's transaction only; a DDL lock makes the chunk fail
		// fast, not wait
		this.jdbc.execute("SET LOCAL lock_timeout = '" + this.lockTimeout.toMillis() + "ms'");
		Long[] ids = chunk.getItems().toArray(Long[]::new);
		List<Map<String, Object>> locked = this.jdbc.queryForList(sql("lock-chunk"), this.rulesJson, ids);
		int n = locked.size();
		Long[] lockedIds = new Long[n];
		String[] rules = new String[n];
		String[] reasons = new String[n];
		Long[] entryIds = new Long[n];
		for (int i = 0; i < n; i++) {
			Map<String, Object> row = locked.get(i);
			lockedIds[i] = ((Number) row.get("id")).longValue();
			rules[i] = (String) row.get("rule_name");
			reasons[i] = (String) row.get("archive_reason");
			entryIds[i] = ((Number) row.get("entry_id")).longValue();
		}
		Set<Long> written = new HashSet<>(
				this.jdbc.queryForList(sql("insert-history"), Long.class, lockedIds, reasons, entryIds));
		List<Integer> moved = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (written.contains(lockedIds[i])) {
				moved.add(i);
			}
		}
		Long[] movedIds = moved.stream().map((i) -> lockedIds[i]).toArray(Long[]::new);
		this.jdbc.update(sql("insert-archive-entries"), this.executionId, this.instanceId, movedIds,
				moved.stream().map((i) -> rules[i]).toArray(String[]::new),
				moved.stream().map((i) -> reasons[i]).toArray(String[]::new),
				moved.stream().map((i) -> entryIds[i]).toArray(Long[]::new));
		Long[] cancelled = moved.stream()
			.filter((i) -> CANCELLED.equals(reasons[i]))
			.map((i) -> lockedIds[i])
			.toArray(Long[]::new);
		if (cancelled.length > 0) {
			this.jdbc.update(sql("queue-events"), (Object) cancelled);
		}
		this.jdbc.update(sql("delete-moved"), (Object) movedIds);
		Map<String, Long> perReason = new TreeMap<>();
		for (int i : moved) {
			this.archived.merge(rules[i], 1L, Long::sum);
			perReason.merge(reasons[i], 1L, Long::sum);
		}
		perReason
			.forEach((reason, count) -> LifecycleMetrics.count(LifecycleMetrics.ARCHIVE_ROWS, "reason", reason, count));
		if (n < ids.length) {
			Set<Long> lockedSet = new HashSet<>(List.of(lockedIds));
			Long[] notLocked = chunk.getItems().stream().filter((id) -> !lockedSet.contains(id)).toArray(Long[]::new);
			for (Map<String, Object> row : this.jdbc.queryForList(sql("count-locked-by-others"), this.rulesJson,
					notLocked)) {
				String rule = (String) row.get("rule_name");
				long count = ((Number) row.get("rows")).longValue();
				this.skipped.merge(rule, count, Long::sum);
				LifecycleMetrics.count(LifecycleMetrics.ARCHIVE_SKIPPED_LOCKED, "rule", rule, count);
			}
		}
		LifecycleMetrics.time(LifecycleMetrics.ARCHIVE_CHUNK, Duration.ofNanos(System.nanoTime() - started));
	}

	private static String sql(String name) {
		return SqlFiles.load(ArchiveBookingsJobConfiguration.JOB, name);
	}

	@Override
	public void update(ExecutionContext context) {
		this.archived.forEach((rule, count) -> context.putLong(ARCHIVED + rule, count));
		this.skipped.forEach((rule, count) -> context.putLong(SKIPPED_LOCKED + rule, count));
	}

}
