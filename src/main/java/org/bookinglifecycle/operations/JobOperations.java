package org.bookinglifecycle.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bookinglifecycle.domain.RetentionPolicyStore;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the CLI does to jobs, over Spring Batch's JobOperator and JobRepository in the
 * suite's database: start (a rerun of a failed or stopped night restarts it, Spring
 * Batch's own semantics), restart, stop, abandon, and recover executions whose owner
 * process is gone.
 */
@Component
public class JobOperations {

	private final JobOperator operator;

	private final JobRepository repository;

	private final JobCatalog catalog;

	private final ExecutionOwners owners;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RetentionPolicyStore policy;

	private final List<ExecutionEvidence> evidence;

	private final JobLocks locks;

	private final OperationsLog log;

	private final OwnerFence fence;

	private final String actor;

	JobOperations(JobOperator operator, JobRepository repository, JobCatalog catalog, ExecutionOwners owners,
			JdbcTemplate jdbc, Clock clock, RetentionPolicyStore policy, List<ExecutionEvidence> evidence,
			JobLocks locks, OperationsLog log, OwnerFence fence,
			@Value("${lifecycle.operations.actor:}") String actor) {
		this.fence = fence;
		// who the operations log names: the OS user and host, or what the process says it
		// is (the schedule daemon)
		this.actor = (actor == null || actor.isBlank()) ? OperationsLog.processActor() : actor;
		this.evidence = evidence;
		this.locks = locks;
		this.log = log;
		this.operator = operator;
		this.repository = repository;
		this.catalog = catalog;
		this.owners = owners;
		this.jdbc = jdbc;
		this.clock = clock;
		this.policy = policy;
	}

	/**
	 * Copy the data policy of {@code jobs/*.yml} (retention periods) into the database,
	 * where the audit_logs trigger reads it: done by {@code migrate} and at the start of
	 * every job run.
	 * @return the tiers whose period was written or changed
	 * @throws BadUsageException if the policy is not valid
	 */
	public List<String> writeDataPolicy() {
		List<String> problems = this.policy.problems();
		if (!problems.isEmpty()) {
			throw new BadUsageException("jobs/purge-retention.yml is not valid: " + String.join("; ", problems) + ".");
		}
		return this.policy.write();
	}

	/**
	 * Validate a run request without running anything.
	 * @param jobName the job
	 * @param arguments {@code name=value} arguments
	 * @param dryRun whether {@code --dry-run} was given
	 * @return the parameters the job would run with
	 */
	public JobParameters parameters(String jobName, List<String> arguments, boolean dryRun) {
		return this.catalog.spec(jobName).parse(arguments, dryRun, this.clock);
	}

	/**
	 * The completed execution of a job instance, if it completed.
	 * @param jobName the job
	 * @param parameters the instance's parameters, from {@link #parameters}
	 * @return the execution that completed it
	 */
	public Optional<JobExecution> completed(String jobName, JobParameters parameters) {
		JobInstance instance = this.repository.getJobInstance(jobName, parameters);
		JobExecution last = (instance != null) ? this.repository.getLastJobExecution(instance) : null;
		return (last != null && last.getStatus() == BatchStatus.COMPLETED) ? Optional.of(last) : Optional.empty();
	}

	/**
	 * The last execution of a job instance.
	 * @param jobName the job
	 * @param parameters the instance's parameters, from {@link #parameters}
	 * @return its last execution, empty if it never ran
	 */
	public Optional<JobExecution> lastExecution(String jobName, JobParameters parameters) {
		JobInstance instance = this.repository.getJobInstance(jobName, parameters);
		return Optional.ofNullable((instance != null) ? this.repository.getLastJobExecution(instance) : null);
	}

	/**
	 * How many executions a job instance has had.
	 * @param jobName the job
	 * @param parameters the instance's parameters, from {@link #parameters}
	 * @return the count, 0 if it never ran
	 */
	public int executions(String jobName, JobParameters parameters) {
		JobInstance instance = this.repository.getJobInstance(jobName, parameters);
		return (instance != null) ? this.repository.getJobExecutions(instance).size() : 0;
	}

	/**
	 * Whether an execution was recovered by another process (fenced) while it ran here.
	 * @param executionId the execution
	 * @return {@code true} if a recovery of it is recorded
	 */
	public boolean wasRecoveredElsewhere(long executionId) {
		Integer recovered = this.jdbc.queryForObject(
				"SELECT count(*) FROM lifecycle_operations_log" + " WHERE action = 'recover' AND job_execution_id = ?",
				Integer.class, executionId);
		return recovered != null && recovered > 0;
	}

	/**
	 * Record an action of the caller's own (a skipped night of the scheduler) in the
	 * operations log.
	 * @param action what
	 * @param job the job or chain
	 * @param executionId the execution, or {@code null}
	 * @param detail statuses, dates and ids only
	 */
	public void record(String action, String job, Long executionId, String detail) {
		this.log.record(this.actor, action, job, executionId, detail);
	}

	/**
	 * Run a job to its end (in this thread). If the same instance (job and identifying
	 * parameters) has a FAILED or STOPPED last execution, this restarts it from its last
	 * committed chunk.
	 * @param jobName the job
	 * @param parameters its parameters, from {@link #parameters}
	 * @return the execution, finished
	 */
	public JobExecution run(String jobName, JobParameters parameters) {
		return run(jobName, parameters, this.actor);
	}

	/**
	 * {@link #run(String, JobParameters)} on behalf of someone else than this process
	 * (the web page's user), recorded under that name.
	 * @param jobName the job
	 * @param parameters its parameters, from {@link #parameters}
	 * @param actor who asked, as the operations log names them
	 * @return the execution, finished
	 */
	public JobExecution run(String jobName, JobParameters parameters, String actor) {
		Job job = this.catalog.job(jobName);
		boolean dryRun = RunParameters.of(parameters).dryRun();
		// one real execution of a job at a time, whoever starts it (a dry run writes
		// nothing)
		try (JobLocks.Held held = dryRun ? null : this.locks.acquire(jobName)) {
			JobExecution execution = start(jobName, job, parameters);
			this.log.record(actor, "run", jobName, execution.getId(), "asOf=" + RunParameters.of(parameters).asOf()
					+ (dryRun ? ", dry run" : "") + "; ended " + execution.getStatus());
			return execution;
		}
	}

	private JobExecution start(String jobName, Job job, JobParameters parameters) {
		try {
			// checked here first: Spring Batch 6 creates the job instance before it runs
			// the
			// job's validator, so a refused run would leave an instance without
			// execution,
			// on which every later run of the same parameters fails
			job.getJobParametersValidator().validate(parameters);
			JobInstance orphan = this.repository.getJobInstance(jobName, parameters);
			if (orphan != null && this.repository.getLastJobExecution(orphan) == null) {
				// left by a run refused by an earlier build: it holds no work
				this.repository.deleteJobInstance(orphan);
			}
			return this.operator.start(job, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			throw new NothingToDoException("Job " + jobName + " already completed for " + identity(parameters)
					+ ": nothing to restart. Its executions: `executions --job " + jobName + "`.");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw new IllegalStateException("Job " + jobName + " is already running for " + identity(parameters)
					+ ". If its process is gone, `recover` marks it FAILED; then run it again to continue.");
		}
		catch (InvalidJobParametersException ex) {
			throw new BadUsageException(ex.getMessage());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Job " + jobName + " could not start: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Restart a FAILED or STOPPED execution from its last committed chunk.
	 * @param executionId the execution
	 * @return the new execution, finished
	 */
	public JobExecution restart(long executionId) {
		return restart(executionId, this.actor);
	}

	/**
	 * {@link #restart(long)} on behalf of someone else than this process, recorded under
	 * that name.
	 * @param executionId the execution
	 * @param actor who asked
	 * @return the new execution, finished
	 */
	public JobExecution restart(long executionId, String actor) {
		JobExecution execution = restartable(executionId);
		String job = execution.getJobInstance().getJobName();
		try (JobLocks.Held held = this.locks.acquire(job)) {
			JobExecution restarted = this.operator.restart(execution);
			this.log.record(actor, "restart", job, restarted.getId(),
					"of execution " + executionId + "; ended " + restarted.getStatus());
			return restarted;
		}
		catch (JobLocks.JobRunningException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Execution " + executionId + " could not be restarted: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The execution if {@link #restart} would restart it, checked without starting
	 * anything.
	 * @param executionId the execution
	 * @return the execution
	 * @throws NothingToDoException with what {@code restart} says when it is not
	 * restartable
	 * @throws BadUsageException if there is no such execution
	 */
	public JobExecution restartable(long executionId) {
		JobExecution execution = find(executionId);
		BatchStatus status = execution.getStatus();
		String job = execution.getJobInstance().getJobName();
		if (status == BatchStatus.COMPLETED) {
			throw new NothingToDoException(
					"Execution " + executionId + " of " + job + " completed: nothing to restart.");
		}
		if (status == BatchStatus.ABANDONED) {
			throw new NothingToDoException("Execution " + executionId + " of " + job
					+ " was abandoned: an abandoned execution is never restarted. Run the job again with other parameters.");
		}
		if (status.isRunning()) {
			throw new NothingToDoException("Execution " + executionId + " of " + job + " is " + status
					+ ": it is still running, or its process crashed. `recover " + executionId
					+ "` marks a crashed one FAILED so it can be restarted.");
		}
		JobExecution last = this.repository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != executionId) {
			throw new NothingToDoException(
					"Execution " + executionId + " of " + job + " is not the last of its instance: " + "execution "
							+ last.getId() + " (" + last.getStatus() + ") came after it.");
		}
		this.catalog.spec(job);
		return execution;
	}

	/**
	 * Ask a running execution to stop at its next chunk boundary (it may run in another
	 * process): its status becomes STOPPING in the job repository, which every
	 * chunk-oriented step checks after each chunk. Not {@code JobOperator.stop}: that
	 * also resolves the job's steps to signal stoppable tasklets, which fails for
	 * job-scoped steps outside a running job; the suite's steps have no such tasklet.
	 * @param executionId the execution
	 * @return the execution, now STOPPING
	 */
	public JobExecution stop(long executionId) {
		return stop(executionId, this.actor);
	}

	/**
	 * {@link #stop(long)} on behalf of someone else than this process, recorded under
	 * that name.
	 * @param executionId the execution
	 * @param actor who asked
	 * @return the execution, now STOPPING
	 */
	public JobExecution stop(long executionId, String actor) {
		JobExecution execution = find(executionId);
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
			throw new NothingToDoException(
					"Execution " + executionId + " is " + status + ", not running: nothing to stop.");
		}
		execution.setStatus(BatchStatus.STOPPING);
		this.repository.update(execution);
		String job = execution.getJobInstance().getJobName();
		this.log.record(actor, "stop", job, executionId, "requested; was " + status);
		// a night: its job running now stops too (the night itself only looks between
		// jobs)
		this.catalog.chain(job).ifPresent((chain) -> {
			List<Long> children = this.jdbc.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e
					JOIN batch_job_instance i USING (job_instance_id)
					JOIN lifecycle_execution_owner o USING (job_execution_id)
					JOIN lifecycle_execution_owner night ON night.job_execution_id = ?
					WHERE e.status IN ('STARTING', 'STARTED') AND i.job_name = ANY (?)
					  AND o.host = night.host AND o.pid = night.pid
					  AND o.process_started_at IS NOT DISTINCT FROM night.process_started_at""", Long.class,
					executionId, chain.members().stream().map((m) -> m.name()).toArray(String[]::new));
			for (long child : children) {
				try {
					stop(child, actor);
				}
				catch (NothingToDoException ex) {
					// it ended meanwhile
				}
			}
		});
		return execution;
	}

	/**
	 * Mark a stopped or failed execution ABANDONED: it will never be restarted.
	 * @param executionId the execution
	 * @return the execution, now ABANDONED
	 */
	public JobExecution abandon(long executionId) {
		return abandon(executionId, this.actor);
	}

	/**
	 * {@link #abandon(long)} on behalf of someone else than this process, recorded under
	 * that name.
	 * @param executionId the execution
	 * @param actor who asked
	 * @return the execution, now ABANDONED
	 */
	public JobExecution abandon(long executionId, String actor) {
		JobExecution execution = find(executionId);
		if (execution.getStatus() == BatchStatus.ABANDONED || execution.getStatus() == BatchStatus.COMPLETED) {
			throw new NothingToDoException(
					"Execution " + executionId + " is " + execution.getStatus() + ": nothing to abandon.");
		}
		try {
			JobExecution abandoned = this.operator.abandon(execution);
			this.log.record(actor, "abandon", execution.getJobInstance().getJobName(), executionId,
					"was " + execution.getStatus());
			return abandoned;
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw new NothingToDoException("Execution " + executionId + " is running: `stop " + executionId
					+ "` it first, or `recover " + executionId + "` if its process crashed.");
		}
	}

	/**
	 * Mark one execution left running by a crashed process FAILED, so it can be
	 * restarted, fencing its owner: the owner's sessions that hold the job's lock or a
	 * transaction are ended, and the owner, should it wake up, commits no further chunk
	 * (see {@code ExecutionFence}). Conservative, for ops: an owner whose pid runs on
	 * this host is alive whatever its heartbeat, so it is refused unless forced.
	 * @param executionId the execution
	 * @param force recover even if its owner looks alive or is unknown
	 * @return the recovered execution
	 */
	public JobExecution recover(long executionId, boolean force) {
		return recover(executionId, force, this.actor);
	}

	/**
	 * {@link #recover(long, boolean)} on behalf of someone else than this process,
	 * recorded under that name.
	 * @param executionId the execution
	 * @param force recover even if its owner looks alive or is unknown
	 * @param actor who asked
	 * @return the recovered execution
	 */
	public JobExecution recover(long executionId, boolean force, String actor) {
		JobExecution execution = find(executionId);
		if (!execution.getStatus().isRunning()) {
			throw new NothingToDoException("Execution " + executionId + " is " + execution.getStatus()
					+ ", not left running: nothing to recover.");
		}
		Optional<ExecutionOwner> owner = this.owners.find(executionId);
		if (!force) {
			if (owner.isEmpty()) {
				throw new NothingToDoException("Execution " + executionId
						+ " has no recorded owner, so whether its process "
						+ "is alive is unknown. If you are sure it is gone: `recover " + executionId + " --force`.");
			}
			if (judge(owner.get()) == ExecutionOwner.Liveness.ALIVE) {
				throw new NothingToDoException("Execution " + executionId + " looks alive (" + owner.get().describe()
						+ "). `stop " + executionId + "` asks it to stop; `recover " + executionId
						+ " --force` only if you are sure its process is gone.");
			}
		}
		return fenceAndRecover(execution, owner, force ? "forced" : "owner gone", actor).execution();
	}

	/**
	 * Automatic recovery, for the daemon: fence and recover the execution if its owner is
	 * presumed gone (its pid gone from this host, or its heartbeat older than
	 * {@code lifecycle.owner.heartbeat-timeout} on any host, see
	 * {@link ExecutionOwner#presumedGone}); touch nothing when the owner is alive, is
	 * this very process, or is not recorded.
	 * @param executionId the execution
	 * @return what was done
	 * @throws BadUsageException if there is no such execution
	 */
	public Recovery recoverPresumedGone(long executionId) {
		JobExecution execution = find(executionId);
		String job = execution.getJobInstance().getJobName();
		if (!execution.getStatus().isRunning()) {
			return new Recovery(executionId, job, Recovery.Outcome.NOT_RUNNING, 0, "is " + execution.getStatus());
		}
		Optional<ExecutionOwner> owner = this.owners.find(executionId);
		if (owner.isEmpty()) {
			return new Recovery(executionId, job, Recovery.Outcome.NO_OWNER, 0, "no recorded owner");
		}
		// this very process runs it (not a process before it with the same pid and host,
		// as a restarted container's java is)
		boolean self = this.owners.runningHere().contains(executionId);
		if (self || !owner.get()
			.presumedGone(ExecutionOwners.localHost(), Instant.now(this.clock), ExecutionOwner.ProcessLookup.LOCAL,
					this.owners.settings().heartbeatTimeout())) {
			return new Recovery(executionId, job, Recovery.Outcome.OWNER_ALIVE, 0,
					(self ? "owned by this process, " : "alive, ") + owner.get().describe());
		}
		OwnerFence.Fenced fenced = fenceAndRecover(execution, owner,
				"owner presumed gone (heartbeat timeout " + this.owners.settings().heartbeatTimeout() + ")",
				this.actor);
		return new Recovery(executionId, job,
				fenced.execution().getStatus().isRunning() ? Recovery.Outcome.NOT_RUNNING : Recovery.Outcome.RECOVERED,
				fenced.sessionsEnded(), "owner " + owner.get().describe() + "; now " + fenced.execution().getStatus());
	}

	private OwnerFence.Fenced fenceAndRecover(JobExecution execution, Optional<ExecutionOwner> owner, String why,
			String actor) {
		String job = execution.getJobInstance().getJobName();
		return this.fence.fenceAndRecover(execution.getId(), owner,
				(recovered, ended) -> this.log.record(actor, "recover", job, execution.getId(),
						why + "; fenced: " + ended + " session(s) of the owner ended"
								+ (owner.isEmpty() ? " (owner not recorded: none could be named)" : "")));
	}

	/**
	 * Recover every running execution whose owner process is gone; never one whose owner
	 * is alive or unknown.
	 * @return what was recovered and what was left alone, one line each
	 */
	public List<String> recoverAll() {
		List<String> report = new ArrayList<>();
		List<Long> running = this.jdbc.queryForList(
				"SELECT job_execution_id FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY 1",
				Long.class);
		for (long id : running) {
			JobExecution execution = find(id);
			Optional<ExecutionOwner> owner = this.owners.find(id);
			String job = execution.getJobInstance().getJobName();
			if (owner.isEmpty()) {
				report.add(
						"left " + id + " (" + job + "): no recorded owner; `recover " + id + " --force` if it is gone");
			}
			else if (judge(owner.get()) == ExecutionOwner.Liveness.ALIVE) {
				report.add("left " + id + " (" + job + "): running, " + owner.get().describe());
			}
			else {
				fenceAndRecover(execution, owner, "owner gone", this.actor);
				report.add("recovered " + id + " (" + job + "): owner " + owner.get().describe()
						+ " is gone; now FAILED, run it again or `restart " + id + "` to continue");
			}
		}
		return report;
	}

	/**
	 * An execution by id.
	 * @param executionId the id
	 * @return the execution
	 * @throws BadUsageException if there is none
	 */
	public JobExecution find(long executionId) {
		Integer known = this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution WHERE job_execution_id = ?",
				Integer.class, executionId);
		JobExecution execution = (known != null && known > 0) ? this.repository.getJobExecution(executionId) : null;
		if (execution == null) {
			throw new BadUsageException("There is no job execution " + executionId + ": see `executions`.");
		}
		return execution;
	}

	/**
	 * What the execution's job keeps as evidence in the suite's own tables for its job
	 * instance (findings, skipped rows...), one line each: what {@code show} prints after
	 * the steps.
	 * @param execution the execution
	 * @return the lines
	 */
	public List<String> evidence(JobExecution execution) {
		return this.evidence.stream()
			.filter((e) -> e.job().equals(execution.getJobInstance().getJobName()))
			.flatMap((e) -> e.lines(this.jdbc, execution).stream())
			.toList();
	}

	/**
	 * The operations actions recorded on an execution.
	 * @param executionId the execution
	 * @return one line each, oldest first
	 */
	public List<String> actions(long executionId) {
		return this.log.of(executionId);
	}

	/**
	 * The owner of an execution and whether it is alive.
	 * @param executionId the execution
	 * @return a description, or empty if none was recorded
	 */
	public Optional<String> ownerOf(long executionId) {
		return this.owners.find(executionId)
			.map((owner) -> owner.describe() + " (" + judge(owner).name().toLowerCase() + ")");
	}

	private ExecutionOwner.Liveness judge(ExecutionOwner owner) {
		return owner.judge(ExecutionOwners.localHost(), Instant.now(this.clock), ExecutionOwner.ProcessLookup.LOCAL,
				this.owners.settings().heartbeatTimeout());
	}

	/**
	 * The identifying parameters of a run, for messages: {@code asOf=... dryRun=...}.
	 * @param parameters the parameters
	 * @return the identity
	 */
	public static String identity(JobParameters parameters) {
		return parameters.getIdentifyingParameters()
			.stream()
			.map((parameter) -> parameter.name() + "=" + parameter.value())
			.sorted()
			.collect(Collectors.joining(" "));
	}

}
