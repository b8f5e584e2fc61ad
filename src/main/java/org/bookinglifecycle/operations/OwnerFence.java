package org.bookinglifecycle.operations;

import java.sql.SQLException;
import java.util.Optional;

import org.bookinglifecycle.db.SessionNames;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes an execution from an owner presumed gone: ends the owner's database sessions that
 * still matter (the one holding the job's advisory lock, so a restart can take it, and
 * those in a transaction, whose row locks would hold the recovery and the restart), then
 * marks the execution FAILED with Spring Batch's {@code recover} under an exclusive lock
 * of its job execution row. The kit's {@code ExecutionFence} takes a share lock of that
 * row in every chunk transaction, so a chunk of the old owner in flight either commits
 * before the recovery or fails after it. Sessions are found by the owner's session name
 * ({@link SessionNames}): a session of any other process is never ended.
 */
@Component
class OwnerFence {

	/** How long one attempt waits for chunks in flight before ending sessions again. */
	private static final String LOCK_WAIT = "5s";

	private static final int ATTEMPTS = 3;

	private final JdbcTemplate jdbc;

	private final JobOperator operator;

	private final JobRepository repository;

	private final TransactionTemplate transaction;

	OwnerFence(JdbcTemplate jdbc, JobOperator operator, JobRepository repository,
			PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.operator = operator;
		this.repository = repository;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Fence the owner and recover the execution.
	 * @param executionId the execution, left running
	 * @param owner its recorded owner; without one no session is ended
	 * @param record what to record in the operations log in the same transaction, given
	 * the number of sessions ended
	 * @return the execution, now FAILED, and the sessions ended
	 */
	Fenced fenceAndRecover(long executionId, Optional<ExecutionOwner> owner, Recorder record) {
		int ended = 0;
		for (int attempt = 1;; attempt++) {
			ended += endSessions(executionId, owner);
			int endedSoFar = ended;
			try {
				JobExecution recovered = this.transaction.execute((status) -> {
					this.jdbc.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT + "'");
					// waits for the chunks in flight (they hold a share lock of this row)
					this.jdbc.queryForObject(
							"SELECT status FROM batch_job_execution WHERE job_execution_id = ? FOR UPDATE",
							String.class, executionId);
					JobExecution execution = this.repository.getJobExecution(executionId);
					if (execution == null || !execution.getStatus().isRunning()) {
						return execution; // recovered by someone else meanwhile
					}
					JobExecution failed = this.operator.recover(execution);
					record.record(failed, endedSoFar);
					return failed;
				});
				return new Fenced(recovered, ended);
			}
			catch (DataAccessException ex) {
				if (!lockTimeout(ex) || attempt >= ATTEMPTS) {
					throw new IllegalStateException("Execution " + executionId + " could not be recovered: "
							+ ex.getMostSpecificCause().getMessage(), ex);
				}
			}
		}
	}

	/**
	 * End the owner's sessions that hold the job's lock or a transaction.
	 */
	private int endSessions(long executionId, Optional<ExecutionOwner> owner) {
		if (owner.isEmpty()) {
			return 0;
		}
		String session = SessionNames.of(owner.get().pid(), owner.get().processStartedAt(), owner.get().host());
		Integer ended = this.jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid))
				FROM pg_stat_activity a
				WHERE a.application_name = ? AND a.pid <> pg_backend_pid()
				  AND (a.xact_start IS NOT NULL OR EXISTS (
				    SELECT 1 FROM pg_locks l
				    JOIN batch_job_execution e ON e.job_execution_id = ?
				    JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				    WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
				      AND l.classid = ?::oid AND l.objid = hashtext(i.job_name)::oid))""", Integer.class, session,
				executionId, JobLocks.LOCK_CLASS);
		return (ended != null) ? ended : 0;
	}

	private static boolean lockTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/** Records the recovery, in its transaction. */
	@FunctionalInterface
	interface Recorder {

		/**
		 * Record it.
		 * @param recovered the execution, now FAILED
		 * @param sessionsEnded the owner's sessions ended
		 */
		void record(JobExecution recovered, int sessionsEnded);

	}

	/**
	 * A fenced and recovered execution.
	 *
	 * @param execution the execution, now FAILED (or as someone else left it)
	 * @param sessionsEnded the owner's sessions ended
	 */
	record Fenced(JobExecution execution, int sessionsEnded) {

	}

}
