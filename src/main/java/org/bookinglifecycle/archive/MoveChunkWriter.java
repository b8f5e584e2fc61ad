package org.bookinglifecycle.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves one chunk of bookings into booking_history with five set-based statements in the
 * chunk's transaction ({@code sql/jobs/archive-bookings/}: lock-chunk, insert-history,
 * insert-archive-entries, queue-events, delete-moved), under a short
 * {@code lock_timeout}, and counts per rule what was archived and what the platform held
 * locked (taken next run) in the step's counters, saved with the chunk.
 */
class MoveChunkWriter implements ItemWriter<Long> {

	private static final String ARCHIVED = "archived ";

	private static final String SKIPPED_LOCKED = "skipped-locked ";

	private static final String CANCELLED = "CANCELLED";

	private final JdbcTemplate jdbc;

	private final String rulesJson;

	private final long executionId;

	private final long instanceId;

	private final Duration lockTimeout;

	private final StepCounters counters;

	MoveChunkWriter(JdbcTemplate jdbc, ArchiveRules rules, StepRun run) {
		this.jdbc = jdbc;
		this.rulesJson = rules.toJson(run.parameters().asOf());
		this.executionId = run.jobExecutionId();
		this.instanceId = run.jobInstanceId();
		this.lockTimeout = rules.lockTimeout();
		this.counters = run.counters();
	}

	/**
	 * The move step's summary: per rule, archived and skipped because locked.
	 * @param counts the step's counters
	 * @return {@code archived cancelled=N (skipped-locked M) ...}
	 */
	static String summary(Map<String, Long> counts) {
		Map<String, long[]> perRule = new TreeMap<>();
		counts.forEach((key, value) -> {
			if (key.startsWith(ARCHIVED)) {
				perRule.computeIfAbsent(key.substring(ARCHIVED.length()), (k) -> new long[2])[0] = value;
			}
			else if (key.startsWith(SKIPPED_LOCKED)) {
				perRule.computeIfAbsent(key.substring(SKIPPED_LOCKED.length()), (k) -> new long[2])[1] = value;
			}
		});
		StringBuilder summary = new StringBuilder("archived");
		if (perRule.isEmpty()) {
			summary.append(" nothing");
		}
		perRule.forEach((rule, n) -> summary.append(' ')
			.append(rule)
			.append('=')
			.append(n[0])
			.append(" (skipped-locked ")
			.append(n[1])
			.append(')'));
		return summary.toString();
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
		// the history rows read the chunk's trails from a partitioned audit_logs: one
		// plan
		// per connection, not one per chunk
		CountingUpdateWriter.useGenericPlans(this.jdbc);
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
			this.counters.add(ARCHIVED + rules[i], 1);
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
				this.counters.add(SKIPPED_LOCKED + rule, count);
				LifecycleMetrics.count(LifecycleMetrics.ARCHIVE_SKIPPED_LOCKED, "rule", rule, count);
			}
		}
		LifecycleMetrics.time(LifecycleMetrics.ARCHIVE_CHUNK, Duration.ofNanos(System.nanoTime() - started));
	}

	private static String sql(String name) {
		return SqlFiles.load(ArchiveBookingsJobConfiguration.JOB, name);
	}

}
