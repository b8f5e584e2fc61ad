package org.bookinglifecycle.kit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits a table's primary key range into {@code gridSize} contiguous ranges, one
 * partition of a partitioned step each ({@code minId}, {@code maxId} in its context), so
 * a backfill uses every core and each range restarts on its own.
 */
public class IdRangePartitioner implements Partitioner {

	/** Context key of a partition's first id. */
	public static final String MIN_ID = "minId";

	/** Context key of a partition's last id. */
	public static final String MAX_ID = "maxId";

	private final JdbcTemplate jdbc;

	private final String boundsSql;

	/**
	 * A partitioner.
	 * @param jdbc the database
	 * @param boundsSql a query returning the smallest and largest id, e.g.
	 * {@code SELECT min(id), max(id) FROM audit_logs}
	 */
	public IdRangePartitioner(JdbcTemplate jdbc, String boundsSql) {
		this.jdbc = jdbc;
		this.boundsSql = boundsSql;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, Object> bounds = this.jdbc.queryForMap(this.boundsSql);
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		Object min = bounds.values().toArray()[0];
		Object max = bounds.values().toArray()[1];
		if (min == null || max == null) {
			partitions.put("range0", range(1, 0));
			return partitions;
		}
		long lo = ((Number) min).longValue();
		long hi = ((Number) max).longValue();
		long span = Math.max(1, (hi - lo + gridSize) / gridSize);
		int i = 0;
		for (long start = lo; start <= hi; start += span) {
			partitions.put("range" + i++, range(start, Math.min(hi, start + span - 1)));
		}
		return partitions;
	}

	private static ExecutionContext range(long min, long max) {
		ExecutionContext context = new ExecutionContext();
		context.putLong(MIN_ID, min);
		context.putLong(MAX_ID, max);
		return context;
	}

}
