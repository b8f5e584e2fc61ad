package org.bookinglifecycle.kit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads row ids page by page by keyset ({@code id > last ORDER BY id LIMIT n}), never
 * OFFSET and never a cursor held across chunks: memory is one page whatever the table's
 * size. The last id handed out is saved with each committed chunk, so a restart continues
 * right after it. The query takes the caller's parameters first, then the last id and the
 * page size. Its saved {@code <name>.read.count} lets {@link ProgressListener} count rows
 * done before a restart.
 */
public class KeysetIdReader implements ItemStreamReader<Long> {

	private final String name;

	private final JdbcTemplate jdbc;

	private final String sql;

	private final Object[] parameters;

	private final int pageSize;

	private final Deque<Long> page = new ArrayDeque<>();

	private long lastId;

	private long count;

	private boolean exhausted;

	/**
	 * A reader.
	 * @param name its name, the key of its saved state
	 * @param jdbc the database
	 * @param sql a query returning ids in ascending order, with the caller's parameters,
	 * then {@code id > ?} and {@code LIMIT ?}
	 * @param pageSize ids per query
	 * @param parameters the caller's parameters
	 */
	public KeysetIdReader(String name, JdbcTemplate jdbc, String sql, int pageSize, Object... parameters) {
		this.name = name;
		this.jdbc = jdbc;
		this.sql = sql;
		this.pageSize = pageSize;
		this.parameters = parameters;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastId = context.getLong(this.name + ".lastId", Long.MIN_VALUE);
		this.count = context.getLong(this.name + ".read.count", 0L);
		this.page.clear();
		this.exhausted = false;
	}

	@Override
	public Long read() {
		if (this.page.isEmpty() && !this.exhausted) {
			List<Object> arguments = new ArrayList<>(List.of(this.parameters));
			arguments.add(this.lastId);
			arguments.add(this.pageSize);
			List<Long> ids = this.jdbc.queryForList(this.sql, Long.class, arguments.toArray());
			this.page.addAll(ids);
			this.exhausted = ids.size() < this.pageSize;
		}
		Long id = this.page.pollFirst();
		if (id != null) {
			this.lastId = id;
			this.count++;
		}
		return id;
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(this.name + ".lastId", this.lastId);
		context.putLong(this.name + ".read.count", this.count);
	}

}
