package org.bookinglifecycle.operations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Chains paused by an operator (the web page), kept in {@code lifecycle_trigger_pauses}:
 * a pause wins over the {@code enabled} of {@code jobs/*.yml} until it is resumed, on
 * every node and across restarts; both are recorded in the operations log with the actor.
 */
@Component
public class TriggerPauses {

	private final JdbcTemplate jdbc;

	private final OperationsLog log;

	TriggerPauses(JdbcTemplate jdbc, OperationsLog log) {
		this.jdbc = jdbc;
		this.log = log;
	}

	/**
	 * Pause a chain's trigger.
	 * @param chain the chain
	 * @param actor who
	 * @return {@code false} if it was already paused
	 */
	public boolean pause(String chain, String actor) {
		boolean paused = this.jdbc.update(SqlFiles.ops("pause-trigger"), chain, actor) > 0;
		if (paused) {
			this.log.record(actor, "pause", chain, null, "trigger paused; wins over jobs/*.yml until resumed");
		}
		return paused;
	}

	/**
	 * Resume a paused chain's trigger: jobs/*.yml decides again.
	 * @param chain the chain
	 * @param actor who
	 * @return {@code false} if it was not paused
	 */
	public boolean resume(String chain, String actor) {
		boolean resumed = this.jdbc.update("DELETE FROM lifecycle_trigger_pauses WHERE chain_name = ?", chain) > 0;
		if (resumed) {
			this.log.record(actor, "resume", chain, null, "pause lifted; jobs/*.yml decides");
		}
		return resumed;
	}

	/**
	 * The paused chains.
	 * @return by chain name: who paused it and when
	 */
	public Map<String, Pause> paused() {
		Map<String, Pause> paused = new LinkedHashMap<>();
		this.jdbc.query("SELECT chain_name, paused_by, paused_at FROM lifecycle_trigger_pauses ORDER BY chain_name",
				(rs) -> {
					paused.put(rs.getString(1), new Pause(rs.getString(2), rs.getTimestamp(3).toInstant()));
				});
		return paused;
	}

	/**
	 * A pause in force.
	 *
	 * @param by who paused
	 * @param at when
	 */
	public record Pause(String by, Instant at) {

	}

}
