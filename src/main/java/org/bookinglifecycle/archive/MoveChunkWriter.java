package org.bookinglifecycle.archive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.support.LifecycleMetrics;

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

	private final JdbcTemplate jdbc;

	private final String rulesJson;

	private final Map<String, String> reasons;

	private final long executionId;

	private final long instanceId;

	private final Duration lockTimeout;

	private final Map<String, Long> archived = new TreeMap<>();

	private final Map<String, Long> skipped = new TreeMap<>();

	MoveChunkWriter(JdbcTemplate jdbc, ArchiveRules rules, String rulesJson, long executionId, long instanceId,
			Duration lockTimeout) {
		this.jdbc = jdbc;
		this.rulesJson = rulesJson;
		this.reasons = new TreeMap<>();
		rules.rules().forEach((rule) -> this.reasons.put(rule.name(), rule.reason()));
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
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				SqlFiles.load("archive-bookings", "move-chunk-to-history"), this.rulesJson, ids, this.executionId,
				this.instanceId);
		for (Map<String, Object> row : rows) {
			String rule = (String) row.get("rule_name");
			long moved = ((Number) row.get("archived")).longValue();
			long locked = ((Number) row.get("skipped")).longValue();
			this.archived.merge(rule, moved, Long::sum);
			this.skipped.merge(rule, locked, Long::sum);
			if (moved > 0) {
				LifecycleMetrics.count(LifecycleMetrics.ARCHIVE_ROWS, "reason", this.reasons.get(rule), moved);
			}
			if (locked > 0) {
				LifecycleMetrics.count(LifecycleMetrics.ARCHIVE_SKIPPED_LOCKED, "rule", rule, locked);
			}
		}
		LifecycleMetrics.time(LifecycleMetrics.ARCHIVE_CHUNK, Duration.ofNanos(System.nanoTime() - started));
	}

	@Override
	public void update(ExecutionContext context) {
		this.archived.forEach((rule, count) -> context.putLong(ARCHIVED + rule, count));
		this.skipped.forEach((rule, count) -> context.putLong(SKIPPED_LOCKED + rule, count));
	}

}
