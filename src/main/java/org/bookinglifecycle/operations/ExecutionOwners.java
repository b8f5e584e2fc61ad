package org.bookinglifecycle.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.db.SessionNames;
import org.bookinglifecycle.kit.ExecutionFence;
import org.bookinglifecycle.kit.SuiteJobListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records which process owns each job execution (host, pid, process start, heartbeat) in
 * {@code lifecycle_execution_owner}, so that {@code recover} can tell an execution whose
 * process crashed from one that is still running here or on another node. Every lifecycle
 * job has this listener (a {@link SuiteJobListener}); the heartbeat runs while the
 * execution does ({@link OwnerSettings}), and only for executions still running: a
 * process woken after its execution was recovered never makes it look alive again.
 */
@Component
@EnableConfigurationProperties(OwnerSettings.class)
public class ExecutionOwners implements SuiteJobListener, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ExecutionOwners.class);

	private final JdbcTemplate jdbc;

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService heartbeat;

	private final OwnerSettings settings;

	public ExecutionOwners(JdbcTemplate jdbc, OwnerSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "execution-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.heartbeatInterval().toMillis();
		this.heartbeat.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * The heartbeat interval and timeout in force.
	 * @return the settings
	 */
	public OwnerSettings settings() {
		return this.settings;
	}

	/**
	 * The executions this process runs now (not those of an earlier process that had the
	 * same pid on this host, as every container's first process has).
	 * @return their ids, in order
	 */
	public List<Long> runningHere() {
		return this.running.stream().sorted().toList();
	}

	/**
	 * This machine's host name, as recorded for owners.
	 * @return the host name
	 */
	public static String localHost() {
		return SessionNames.localHost();
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
		Optional<String> fenced = ExecutionFence.recovery(this.jdbc, jobExecution.getId());
		if (fenced.isPresent()) {
			// recovered by another process while this one was paused or cut off: its
			// owner record stays as it was, and the run ends FAILED, naming the fence
			// (also when what failed first was a connection the fence ended)
			logger.warn("{}", fenced.get());
			jobExecution.setStatus(BatchStatus.FAILED);
			jobExecution.setExitStatus(ExitStatus.FAILED.addExitDescription(fenced.get()));
			return;
		}
		this.jdbc.update("UPDATE lifecycle_execution_owner SET heartbeat_at = now() WHERE job_execution_id = ?",
				jobExecution.getId());
	}

	private void beat() {
		if (this.running.isEmpty()) {
			return;
		}
		try {
			// only executions still running: one recovered while this process was
			// paused stays recovered, its owner silent
			this.jdbc.update("""
					UPDATE lifecycle_execution_owner o SET heartbeat_at = now()
					FROM batch_job_execution e
					WHERE o.job_execution_id = ANY(?) AND e.job_execution_id = o.job_execution_id
					  AND e.status IN ('STARTING', 'STARTED', 'STOPPING')""",
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
