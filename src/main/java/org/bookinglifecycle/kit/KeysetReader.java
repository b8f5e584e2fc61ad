package org.bookinglifecycle.kit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads rows page by page by keyset ({@code id > last ORDER BY id LIMIT n}), never OFFSET
 * and never a cursor held across chunks: memory is one page whatever the table's size.
 * The last id handed out is saved with each committed chunk, so a restart continues right
 * after it. The query (one SQL file) takes the caller's parameters first, then the last
 * id and the page size, and returns the key as column {@code id}: it is the one
 * definition of which rows the step goes through, so the rows still ahead (progress) and
 * the bounds (id ranges) are counted with the very same query, wrapped, never a second
 * copy of its predicate.
 *
 * @param <T> what a row becomes
 */
public class KeysetReader<T> implements ItemStreamReader<T> {

	private final String name;

	private final JdbcTemplate jdbc;

	private final String sql;

	private final Object[] parameters;

	private final int pageSize;

	private final RowMapper<T> rows;

	private final ToLongFunction<T> idOf;

	private final Deque<T> page = new ArrayDeque<>();

	private long lastId;

	private long count;

	private boolean exhausted;

	/**
	 * A reader.
	 * @param name its name, the key of its saved state
	 * @param jdbc the database
	 * @param sql the query: the caller's parameters, then {@code id > ?} and
	 * {@code LIMIT ?}, ordered by {@code id}
	 * @param pageSize rows per query
	 * @param rows what a row becomes
	 * @param idOf the key of a row
	 * @param parameters the caller's parameters
	 */
	public KeysetReader(String name, JdbcTemplate jdbc, String sql, int pageSize, RowMapper<T> rows,
			ToLongFunction<T> idOf, Object... parameters) {
		this.name = name;
		this.jdbc = jdbc;
		this.sql = sql;
		this.pageSize = pageSize;
		this.rows = rows;
		this.idOf = idOf;
		this.parameters = parameters;
	}

	/**
	 * A reader of ids only.
	 * @param name its name
	 * @param jdbc the database
	 * @param sql the query, returning {@code id}
	 * @param pageSize ids per query
	 * @param parameters the caller's parameters
	 * @return the reader
	 */
	public static KeysetReader<Long> ids(String name, JdbcTemplate jdbc, String sql, int pageSize,
			Object... parameters) {
		return new KeysetReader<>(name, jdbc, sql, pageSize, (rs, i) -> rs.getLong("id"), Long::longValue, parameters);
	}

	/**
	 * The reader's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastId = lastId(context);
		this.count = done(context);
		this.page.clear();
		this.exhausted = false;
	}

	@Override
	public T read() {
		if (this.page.isEmpty() && !this.exhausted) {
			List<T> next = this.jdbc.query(this.sql, this.rows, arguments(this.lastId, this.pageSize));
			this.page.addAll(next);
			this.exhausted = next.size() < this.pageSize;
		}
		T row = this.page.pollFirst();
		if (row != null) {
			this.lastId = this.idOf.applyAsLong(row);
			this.count++;
		}
		return row;
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(this.name + ".lastId", this.lastId);
		context.putLong(this.name + ".read.count", this.count);
	}

	/**
	 * Rows this reader handed out in earlier executions of the step (a restart).
	 * @param context the step's saved context
	 * @return rows read before
	 */
	public long done(ExecutionContext context) {
		Object saved = context.get(this.name + ".read.count");
		return (saved instanceof Number number) ? number.longValue() : 0L;
	}

	/**
	 * How many rows are still ahead of the saved position: with {@link #done}, the total
	 * a progress report counts, the same rows on both sides.
	 * @param context the step's saved context
	 * @return rows ahead
	 */
	public long countAhead(ExecutionContext context) {
		return this.jdbc.queryForObject("SELECT count(*) FROM (" + this.sql + ") ahead", Long.class,
				arguments(lastId(context), Long.MAX_VALUE));
	}

	/**
	 * The smallest and largest id the query would read from the start.
	 * @return {@code [min, max]}, or {@code null} when there is none
	 */
	public long[] bounds() {
		Map<String, Object> bounds = this.jdbc.queryForMap(
				"SELECT min(id) AS lo, max(id) AS hi FROM (" + this.sql + ") ahead",
				arguments(Long.MIN_VALUE, Long.MAX_VALUE));
		if (bounds.get("lo") == null) {
			return null;
		}
		return new long[] { ((Number) bounds.get("lo")).longValue(), ((Number) bounds.get("hi")).longValue() };
	}

	/**
	 * Every row the query would read from the start, in one statement: for the bench's
	 * set-based opponent only (it holds them all in memory, which a job never does).
	 * @return the rows
	 */
	public List<T> everything() {
		return this.jdbc.query(this.sql, this.rows, arguments(Long.MIN_VALUE, Long.MAX_VALUE));
	}

	private long lastId(ExecutionContext context) {
		return context.getLong(this.name + ".lastId", Long.MIN_VALUE);
	}

	private Object[] arguments(long after, long limit) {
		List<Object> arguments = new ArrayList<>(List.of(this.parameters));
		arguments.add(after);
		arguments.add(limit);
		return arguments.toArray();
	}

}
