package org.bookinglifecycle.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The record of every operations action (run, restart, stop, abandon, recover): who,
 * what, when, which execution, in {@code lifecycle_operations_log}. The actor is the OS
 * user and host of the process; a daemon or a web page records its own. No personal data.
 */
@Component
public class OperationsLog {

	private final JdbcTemplate jdbc;

	OperationsLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The actor of this process: its OS user at its host.
	 * @return {@code user on host}
	 */
	public static String processActor() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return System.getProperty("user.name", "unknown") + " on " + host;
	}

	/**
	 * Record an action.
	 * @param actor who
	 * @param action run, restart, stop, abandon or recover
	 * @param job the job
	 * @param executionId the execution, or {@code null}
	 * @param detail statuses and ids only
	 */
	public void record(String actor, String action, String job, Long executionId, String detail) {
		this.jdbc.update("INSERT INTO lifecycle_operations_log (actor, action, job_name, job_execution_id, detail)"
				+ " VALUES (?, ?, ?, ?, ?)", actor, action, job, executionId, detail);
	}

	/**
	 * The actions on an execution, oldest first.
	 * @param executionId the execution
	 * @return one line each: when, who, what, detail
	 */
	public List<String> of(long executionId) {
		return this.jdbc.queryForList("SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
				+ " || ' UTC ' || actor || ' ' || action || CASE WHEN detail <> '' THEN ' (' || detail || ')' ELSE ''"
				+ " END FROM lifecycle_operations_log WHERE job_execution_id = ? ORDER BY id", String.class,
				executionId);
	}

}
