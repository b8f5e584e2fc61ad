package org.bookinglifecycle.kit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk of ids with one set-based statement
 * ({@code ... = ANY(CAST(? AS BIGINT[]))}, returning one label per row changed) and
 * counts the rows per label in the step's execution context, committed with the chunk so
 * the counts survive a restart.
 */
public class CountingUpdateWriter implements ItemStreamWriter<Long> {

	/** Prefix of the count keys in the step's execution context. */
	public static final String COUNT_PREFIX = "rows.";

	private final JdbcTemplate jdbc;

	private final String sql;

	private final Object[] trailing;

	private final Map<String, Long> counts = new TreeMap<>();

	private String job;

	/**
	 * A writer.
	 * @param jdbc the database
	 * @param sql the statement: the ids first, then {@code trailing}; returns one label
	 * column
	 * @param trailing further parameters
	 */
	public CountingUpdateWriter(JdbcTemplate jdbc, String sql, Object... trailing) {
		this.jdbc = jdbc;
		this.sql = sql;
		this.trailing = trailing;
	}

	/**
	 * Time each chunk in {@link LifecycleMetrics#BACKFILL_CHUNK}, tagged with the job.
	 * @param job the job name
	 * @return this
	 */
	public CountingUpdateWriter timed(String job) {
		this.job = job;
		return this;
	}

	@Override
	public void open(ExecutionContext context) {
		context.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(COUNT_PREFIX))
			.forEach((entry) -> this.counts.put(entry.getKey().substring(COUNT_PREFIX.length()),
					((Number) entry.getValue()).longValue()));
	}

	@Override
	public void write(Chunk<? extends Long> chunk) {
		Object[] parameters = new Object[1 + this.trailing.length];
		parameters[0] = chunk.getItems().toArray(Long[]::new);
		System.arraycopy(this.trailing, 0, parameters, 1, this.trailing.length);
		long started = System.nanoTime();
		List<String> labels = this.jdbc.queryForList(this.sql, String.class, parameters);
		labels.forEach((label) -> this.counts.merge(String.valueOf(label), 1L, Long::sum));
		if (this.job != null) {
			LifecycleMetrics.time(LifecycleMetrics.BACKFILL_CHUNK, "job", this.job,
					Duration.ofNanos(System.nanoTime() - started));
		}
	}

	@Override
	public void update(ExecutionContext context) {
		this.counts.forEach((label, count) -> context.putLong(COUNT_PREFIX + label, count));
	}

}
