package org.bookinglifecycle.kit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk of ids with one set-based statement
 * ({@code ... = ANY(CAST(? AS BIGINT[]))}) returning labels (one or more columns per row
 * changed; a NULL column counts nothing), and counts each label in the step's counters,
 * saved with the chunk so the counts survive a restart.
 */
public class CountingUpdateWriter implements ItemWriter<Long> {

	private final JdbcTemplate jdbc;

	private final String sql;

	private final Object[] trailing;

	private final StepCounters counters;

	private final String timedJob;

	private boolean genericPlan;

	/**
	 * A writer.
	 * @param run the step's run, whose counters it adds to
	 * @param jdbc the database
	 * @param timedJob the job whose chunks {@link LifecycleMetrics#BACKFILL_CHUNK} times,
	 * or {@code null}
	 * @param sql the statement: the ids first, then {@code trailing}; returns labels
	 * @param trailing further parameters
	 */
	public CountingUpdateWriter(StepRun run, JdbcTemplate jdbc, String timedJob, String sql, Object... trailing) {
		this.jdbc = jdbc;
		this.sql = sql;
		this.trailing = trailing;
		this.counters = run.counters();
		this.timedJob = timedJob;
	}

	/**
	 * Plan the statement once per connection, not once per chunk: in the chunk's
	 * transaction {@code plan_cache_mode} is {@code force_generic_plan}, so once the
	 * driver has prepared the statement on the server (its fifth use on a connection)
	 * PostgreSQL reuses one plan with run-time partition pruning. For a statement that
	 * reads a partitioned audit_logs, planning it over hundreds of leaves costs more than
	 * running it.
	 * @return this
	 */
	public CountingUpdateWriter genericPlan() {
		this.genericPlan = true;
		return this;
	}

	/**
	 * In the current transaction, let the next statements reuse a generic plan (see
	 * {@link #genericPlan()}).
	 * @param jdbc the database, in the chunk's transaction
	 */
	public static void useGenericPlans(JdbcTemplate jdbc) {
		jdbc.execute("SET LOCAL plan_cache_mode = force_generic_plan");
	}

	@Override
	public void write(Chunk<? extends Long> chunk) {
		if (this.genericPlan) {
			useGenericPlans(this.jdbc);
		}
		Object[] parameters = new Object[1 + this.trailing.length];
		parameters[0] = chunk.getItems().toArray(Long[]::new);
		System.arraycopy(this.trailing, 0, parameters, 1, this.trailing.length);
		long started = System.nanoTime();
		List<Map<String, Object>> rows = this.jdbc.queryForList(this.sql, parameters);
		for (Map<String, Object> row : rows) {
			row.values()
				.stream()
				.filter((label) -> label != null)
				.forEach((label) -> this.counters.add(label.toString(), 1));
		}
		if (this.timedJob != null) {
			LifecycleMetrics.time(LifecycleMetrics.BACKFILL_CHUNK, "job", this.timedJob,
					Duration.ofNanos(System.nanoTime() - started));
		}
	}

}
