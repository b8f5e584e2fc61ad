package org.bookinglifecycle.kit;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * A step's counters (rows archived per rule, findings per kind, rows filled per tier...),
 * kept in the step's execution context and saved with every chunk in the chunk's
 * transaction, so they survive a restart and count every row once. The summary a step
 * prints, and a job's verdict, are read from them. Counts only: evidence a job must keep
 * lives in the suite's own tables, since job history is pruned.
 */
public final class StepCounters implements ItemStream {

	/** Prefix of the counters' keys in the execution context. */
	public static final String PREFIX = "count.";

	private final Map<String, Long> counts = new TreeMap<>();

	/**
	 * Add to a counter.
	 * @param name the counter, a code (never personal data)
	 * @param rows how much to add
	 */
	public synchronized void add(String name, long rows) {
		this.counts.merge(name, rows, Long::sum);
	}

	/**
	 * A counter's value.
	 * @param name the counter
	 * @return its value, 0 if never counted
	 */
	public synchronized long get(String name) {
		return this.counts.getOrDefault(name, 0L);
	}

	/**
	 * Every counter, by name.
	 * @return a copy
	 */
	public synchronized Map<String, Long> all() {
		return new TreeMap<>(this.counts);
	}

	@Override
	public synchronized void open(ExecutionContext context) {
		this.counts.clear();
		this.counts.putAll(read(context));
	}

	@Override
	public synchronized void update(ExecutionContext context) {
		this.counts.forEach((name, value) -> context.putLong(PREFIX + name, value));
	}

	/**
	 * The counters a step saved.
	 * @param step the step execution
	 * @return its counters, by name
	 */
	public static Map<String, Long> of(StepExecution step) {
		return read(step.getExecutionContext());
	}

	private static Map<String, Long> read(ExecutionContext context) {
		Map<String, Long> counts = new TreeMap<>();
		context.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(PREFIX) && entry.getValue() instanceof Number)
			.forEach((entry) -> counts.put(entry.getKey().substring(PREFIX.length()),
					((Number) entry.getValue()).longValue()));
		return counts;
	}

	/**
	 * The usual summary line: {@code heading a=1; b=2}, or {@code heading nothing}.
	 * @param heading what the line starts with
	 * @param counts the counters
	 * @return the line
	 */
	public static String line(String heading, Map<String, Long> counts) {
		StringBuilder line = new StringBuilder(heading);
		if (counts.isEmpty()) {
			return line.append("nothing").toString();
		}
		counts.forEach((name, value) -> line.append(name).append('=').append(value).append("; "));
		return line.substring(0, line.length() - 2);
	}

}
