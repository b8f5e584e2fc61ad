package org.bookinglifecycle.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.kit.SuiteJobListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records which process owns each job execution (host, pid, process start, heartbeat) in
 * {@code lifecycle_execution_owner}, so that {@code recover} can tell an execution whose
 * process crashed from one that is still running here or on another node. Every lifecycle
 * job has this listener (a {@link SuiteJobListener}); the heartbeat runs while the
 * execution does.
 */
@Component
public class ExecutionOwners implements SuiteJobListener, DisposableBean {

	/** How often a running execution's owner says it is alive. */
	static final long HEARTBEAT_SECONDS = 15;

	private static final Logger logger = LoggerFactory.getLogger(ExecutionOwners.class);

	private final JdbcTemplate jdbc;

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService heartbeat;

	public ExecutionOwners(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "execution-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * This machine's host name, as recorded for owners.
	 * @return the host name
	 */
	public static String localHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		ProcessHandle self = ProcessHandle.current();
		Timestamp processStart = self.info().startInstant().map(Timestamp::from).orElse(null);
		this.jdbc.update("""
				INSERT INTO lifecycle_execution_owner (job_execution_id, host, pid, process_started_at)
				VALUES (?, ?, ?, ?)
				ON CONFLICT (job_execution_id) DO UPDATE
				  SET host = EXCLUDED.host, pid = EXCLUDED.pid, process_started_at = EXCLUDED.process_started_at,
				      heartbeat_at = now()""", jobExecution.getId(), localHost(), self.pid(), processStart);
		this.running.add(jobExecution.getId());
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		this.running.remove(jobExecution.getId());
		this.jdbc.update("UPDATE lifecycle_execution_owner SET heartbeat_at = now() WHERE job_execution_id = ?",
				jobExecution.getId());
	}

	private void beat() {
		if (this.running.isEmpty()) {
			return;
		}
		try {
			this.jdbc.update(
					"UPDATE lifecycle_execution_owner SET heartbeat_at = now() WHERE job_execution_id = ANY(?)",
					(Object) this.running.toArray(Long[]::new));
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat of running executions failed: {}", ex.getMessage());
		}
	}

	/**
	 * The recorded owner of an execution.
	 * @param jobExecutionId the execution
	 * @return its owner, empty if none was recorded
	 */
	public Optional<ExecutionOwner> find(long jobExecutionId) {
		List<ExecutionOwner> owners = this.jdbc.query("""
				SELECT job_execution_id, host, pid, process_started_at, heartbeat_at
				FROM lifecycle_execution_owner WHERE job_execution_id = ?""",
				(rs, i) -> new ExecutionOwner(rs.getLong(1), rs.getString(2), rs.getLong(3),
						toInstant(rs.getTimestamp(4)), toInstant(rs.getTimestamp(5))),
				jobExecutionId);
		return owners.stream().findFirst();
	}

	private static Instant toInstant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	@Override
	public void destroy() {
		this.heartbeat.shutdownNow();
	}

}
