package org.bookinglifecycle.kit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the ids a step goes through into {@code gridSize} contiguous ranges, one
 * partition of a partitioned step each ({@code minId}, {@code maxId} in its context), so
 * a backfill uses every core and each range restarts on its own. The bounds are those of
 * the rows still to do, so the ranges share the work evenly.
 */
public class IdRangePartitioner implements Partitioner {

	/** Context key of a partition's first id. */
	public static final String MIN_ID = "minId";

	/** Context key of a partition's last id. */
	public static final String MAX_ID = "maxId";

	private final Supplier<long[]> bounds;

	/**
	 * A partitioner.
	 * @param bounds the smallest and largest id to split, or {@code null} for none
	 */
	public IdRangePartitioner(Supplier<long[]> bounds) {
		this.bounds = bounds;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		long[] range = this.bounds.get();
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		if (range == null) {
			partitions.put("range0", range(1, 0));
			return partitions;
		}
		long lo = range[0];
		long hi = range[1];
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
