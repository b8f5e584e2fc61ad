package org.bookinglifecycle.kit;

import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fence of a recovered execution in the data path. Every chunk transaction of the
 * kit's steps (and every tasklet call, and every {@link ShortLockDdl} attempt) first
 * takes a share lock on its job execution's row and checks that the execution is still
 * running, so once another process has recovered it (FAILED, or ABANDONED), a process
 * that still runs it (woken from a long pause, back from a network split, with fresh
 * connections from its pool) commits no further chunk. The share lock orders the check
 * against recovery, which updates that row: a chunk in flight either commits before the
 * recovery or sees it and rolls back.
 */
public final class ExecutionFence implements ChunkListener<Object, Object> {

	private static final String LOCK_AND_READ = "SELECT status FROM batch_job_execution WHERE job_execution_id = ? FOR SHARE";

	private final JdbcTemplate jdbc;

	private final long jobExecutionId;

	/**
	 * The fence of one execution.
	 * @param jdbc the suite's database, joining the chunk's transaction
	 * @param jobExecutionId the execution
	 */
	public ExecutionFence(JdbcTemplate jdbc, long jobExecutionId) {
		this.jdbc = jdbc;
		this.jobExecutionId = jobExecutionId;
	}

	/**
	 * Before the chunk's items are processed and written, in its transaction.
	 * @param chunk the chunk read
	 */
	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		check();
	}

	/**
	 * Check, in the current transaction, that this process still owns the execution,
	 * holding a share lock on its row until the transaction ends.
	 * @throws FencedException when it was recovered by another process
	 */
	public void check() {
		check(this.jdbc, this.jobExecutionId);
	}

	/**
	 * Check, in the transaction of {@code jdbc}, that the execution is still running,
	 * holding a share lock on its row until that transaction ends.
	 * @param jdbc the database, in the transaction to fence
	 * @param jobExecutionId the execution
	 * @throws FencedException when it was recovered by another process
	 */
	public static void check(JdbcTemplate jdbc, long jobExecutionId) {
		List<String> status = jdbc.queryForList(LOCK_AND_READ, String.class, jobExecutionId);
		if (status.isEmpty() || List.of("STARTING", "STARTED", "STOPPING").contains(status.get(0))) {
			return; // an execution not yet recorded (or pruned) has nobody to fence it
		}
		throw new FencedException(recovery(jdbc, jobExecutionId)
			.orElse("execution " + jobExecutionId + " is " + status.get(0) + ", set by another process: "
					+ "this process no longer owns it and commits nothing more of it"));
	}

	/**
	 * Whether another process recovered (fenced) the execution, as the operations log
	 * says.
	 * @param jdbc the database
	 * @param jobExecutionId the execution
	 * @return the message naming the fence, if it was recovered
	 */
	public static Optional<String> recovery(JdbcTemplate jdbc, long jobExecutionId) {
		List<String> at = jdbc.queryForList("SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
				+ " FROM lifecycle_operations_log WHERE job_execution_id = ? AND action = 'recover'"
				+ " ORDER BY id DESC LIMIT 1", String.class, jobExecutionId);
		return at.stream()
			.findFirst()
			.map((when) -> "execution " + jobExecutionId + " was recovered by another process at " + when
					+ " UTC (fenced): this process no longer owns it and commits nothing more of it");
	}

	/**
	 * The job execution of the step running in this thread, if any: what
	 * {@link ShortLockDdl} fences its attempts with.
	 * @return the job execution id
	 */
	static Optional<Long> currentJobExecution() {
		StepContext context = StepSynchronizationManager.getContext();
		return (context != null) ? Optional.of(context.getStepExecution().getJobExecutionId()) : Optional.empty();
	}

	/**
	 * Whether a failure was (caused by) the fence.
	 * @param failure the failure
	 * @return whether the fence is in its causes
	 */
	public static boolean isFence(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof FencedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The execution was recovered by another process: this one must commit nothing more
	 * of it.
	 */
	public static final class FencedException extends IllegalStateException {

		FencedException(String message) {
			super(message);
		}

	}

}
