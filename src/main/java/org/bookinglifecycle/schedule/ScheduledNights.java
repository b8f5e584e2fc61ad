package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Metrics;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.bookinglifecycle.operations.JobLocks;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.NothingToDoException;
import org.bookinglifecycle.operations.Recovery;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one fire of a chain's trigger does: find the night it belongs to (its {@code asOf}
 * from the scheduled fire time, never from the clock), skip it when it was missed by more
 * than the schedule allows, take over a night a lost node left running, run or resume the
 * night through the job operations, and when it failed schedule a retry (the same job
 * instance) after a backoff, as a one-shot trigger any node of the cluster may fire.
 * Every decision is recorded in the operations log.
 */
public class ScheduledNights {

	/** The Quartz group of the suite's jobs and triggers. */
	public static final String GROUP = "lifecycle";

	/** Trigger data: the chain a trigger fires. */
	static final String CHAIN = "chain";

	/** Trigger data of a retry or a resume: the night's {@code asOf}. */
	static final String AS_OF = "asOf";

	/** Trigger data of a retry or a resume: the attempt it is. */
	static final String ATTEMPT = "attempt";

	/** The counter of nights that stayed FAILED after their last attempt. */
	public static final String NIGHTS_FAILED = "lifecycle.schedule.nights.failed";

	/** The counter of missed nights skipped. */
	public static final String NIGHTS_SKIPPED = "lifecycle.schedule.nights.skipped";

	private static final Logger logger = LoggerFactory.getLogger(ScheduledNights.class);

	private final JobDefinitions definitions;

	private final JobOperations operations;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ScheduleSettings settings;

	private final AtomicBoolean shuttingDown = new AtomicBoolean();

	private volatile Scheduler scheduler;

	ScheduledNights(JobDefinitions definitions, JobOperations operations, JdbcTemplate jdbc, Clock clock,
			ScheduleSettings settings) {
		this.definitions = definitions;
		this.operations = operations;
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
	}

	void attach(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	void shuttingDown() {
		this.shuttingDown.set(true);
	}

	/**
	 * One fire of a chain's trigger.
	 * @param context the fire
	 */
	void fire(JobExecutionContext context) {
		JobDataMap data = context.getMergedJobDataMap();
		JobChain chain = this.definitions.chain(data.getString(CHAIN));
		if (chain == null) {
			logger.warn("Trigger {} fires chain '{}', which jobs/*.yml no longer defines; nothing ran",
					context.getTrigger().getKey(), data.getString(CHAIN));
			return;
		}
		JobSchedule schedule = chain.schedule();
		LocalDate asOf;
		int attempt;
		Instant now = Instant.now(this.clock);
		if (data.containsKey(AS_OF)) {
			// a retry or a resume: the night it continues, whenever it fires
			asOf = LocalDate.parse(data.getString(AS_OF));
			attempt = data.getInt(ATTEMPT);
		}
		else {
			Instant fired = firedAt(context);
			Instant night = schedule.nightOf(fired).orElse(fired);
			asOf = schedule.asOf(night);
			attempt = 1;
			Duration late = Duration.between(night, now);
			if (!context.isRecovering() && late.compareTo(this.settings.misfireThreshold()) > 0) {
				Duration allowed = (schedule.misfire() == JobSchedule.Misfire.CATCH_UP) ? schedule.catchUpWindow()
						: Duration.ZERO;
				if (late.compareTo(allowed) > 0) {
					String why = "asOf=" + asOf + ": the night scheduled at " + night + " was missed by "
							+ minutes(late) + ", " + ((schedule.misfire() == JobSchedule.Misfire.CATCH_UP)
									? "beyond the catch-up window of " + minutes(allowed) : "and misfire is skip");
					this.operations.record("skip", chain.name(), null, why);
					Metrics.counter(NIGHTS_SKIPPED, "chain", chain.name()).increment();
					logger.warn("Skipped the night of chain {}: {}", chain.name(), why);
					return;
				}
				this.operations.record("catch-up", chain.name(), null,
						"asOf=" + asOf + ": the night scheduled at " + night + " runs " + minutes(late) + " late");
			}
		}
		runNight(chain, asOf, attempt, context.isRecovering(), data.containsKey(AS_OF),
				"trigger " + context.getTrigger().getKey().getName() + " scheduled at " + firedAt(context));
	}

	private static Instant firedAt(JobExecutionContext context) {
		if (context.isRecovering()) {
			// a lost node's fire, taken over: its original scheduled time
			String original = context.getMergedJobDataMap()
				.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
			if (original != null) {
				return Instant.ofEpochMilli(Long.parseLong(original));
			}
		}
		return context.getScheduledFireTime().toInstant();
	}

	private void runNight(JobChain chain, LocalDate asOf, int attempt, boolean recovering, boolean continuing,
			String fire) {
		JobParameters parameters = this.operations.parameters(chain.name(), List.of(RunParameters.AS_OF + "=" + asOf),
				false);
		Optional<JobExecution> last = this.operations.lastExecution(chain.name(), parameters);
		if (last.isPresent() && last.get().getStatus() == BatchStatus.COMPLETED) {
			this.operations.record("fire", chain.name(), last.get().getId(),
					"asOf=" + asOf + ", " + fire + ": the night already completed, nothing to do");
			return;
		}
		if (last.isPresent() && !continuing && !recovering && !last.get().getStatus().isRunning()) {
			// a cron that fires again for a night that ran and did not complete: its
			// retry
			// and resume triggers, or ops, continue it; a fire never adds an attempt
			this.operations.record("fire", chain.name(), last.get().getId(), "asOf=" + asOf + ", " + fire
					+ ": the night ended " + last.get().getStatus() + "; its retries or ops continue it");
			return;
		}
		if (last.isPresent() && last.get().getStatus().isRunning() && !takeOver(chain, last.get())) {
			return;
		}
		this.operations.record("fire", chain.name(), null,
				"asOf=" + asOf + ", attempt " + attempt + (recovering ? ", taking over the fire of a lost node" : ""));
		JobExecution ran;
		try {
			ran = this.operations.run(chain.name(), parameters);
		}
		catch (JobLocks.JobRunningException ex) {
			this.operations.record("refused", chain.name(), null, "asOf=" + asOf + ": " + ex.getMessage());
			logger.warn("Night of chain {} not started: {}", chain.name(), ex.getMessage());
			return;
		}
		catch (NothingToDoException ex) {
			this.operations.record("fire", chain.name(), null, "asOf=" + asOf + ", " + fire + ": " + ex.getMessage());
			return;
		}
		afterAttempt(chain, asOf, attempt, ran);
	}

	private void afterAttempt(JobChain chain, LocalDate asOf, int attempt, JobExecution ran) {
		if (ran.getStatus() == BatchStatus.COMPLETED) {
			logger.info("Night {} of chain {} completed (execution {}, attempt {})", asOf, chain.name(), ran.getId(),
					attempt);
			return;
		}
		if (ran.getStatus() == BatchStatus.STOPPED) {
			if (this.shuttingDown.get()) {
				// stopped by this daemon's shutdown, not by ops: any node resumes it
				schedule(chain, asOf, attempt, Duration.ZERO, "resume");
				this.operations.record("resume-scheduled", chain.name(), ran.getId(),
						"asOf=" + asOf + ": stopped by the daemon's shutdown; the next node up resumes it");
			}
			return;
		}
		JobSchedule.Retry retry = retryFor(chain, ran);
		if (attempt < retry.attempts()) {
			Duration wait = retry.waitAfter(attempt);
			schedule(chain, asOf, attempt + 1, wait, "retry");
			this.operations.record("retry-scheduled", chain.name(), ran.getId(), "asOf=" + asOf + ": attempt " + attempt
					+ " of " + retry.attempts() + " ended " + ran.getStatus() + "; next in " + wait);
			logger.warn("Night {} of chain {} ended {} (execution {}), attempt {} of {}; retry in {}", asOf,
					chain.name(), ran.getStatus(), ran.getId(), attempt, retry.attempts(), wait);
			return;
		}
		Metrics.counter(NIGHTS_FAILED, "chain", chain.name()).increment();
		this.operations.record("gave-up", chain.name(), ran.getId(), "asOf=" + asOf + ": attempt " + attempt + " of "
				+ retry.attempts() + " ended " + ran.getStatus() + "; left for ops (`restart " + ran.getId() + "`)");
		logger.error("Night {} of chain {} ended {} after its last attempt ({} of {}): execution {} is left for ops",
				asOf, chain.name(), ran.getStatus(), attempt, retry.attempts(), ran.getId());
	}

	/** The retry of the member that failed, else the chain's. */
	private JobSchedule.Retry retryFor(JobChain chain, JobExecution ran) {
		return ran.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus() == BatchStatus.FAILED)
			.map(StepExecution::getStepName)
			.flatMap((name) -> chain.members().stream().filter((m) -> m.name().equals(name)))
			.findFirst()
			.map((member) -> member.schedule().retryIn(chain.schedule()))
			.orElseGet(() -> chain.schedule().retryIn(chain.schedule()));
	}

	private void schedule(JobChain chain, LocalDate asOf, int attempt, Duration wait, String kind) {
		Scheduler quartz = this.scheduler;
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(kind + "-" + chain.name() + "-" + asOf + "-" + attempt + "-" + System.nanoTime(), GROUP)
			.forJob(JobKey.jobKey(chain.name(), GROUP))
			.usingJobData(AS_OF, asOf.toString())
			.usingJobData(ATTEMPT, attempt)
			.startAt(Date.from(Instant.now(this.clock).plus(wait)))
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
			.build();
		try {
			quartz.scheduleJob(trigger);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException(
					"could not schedule the " + kind + " of chain " + chain.name() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * A night still marked running: wait while its owner looks alive, then fence and
	 * recover its executions (the chain's and its running job's) so it can be restarted.
	 * @return whether the night can be run now
	 */
	private boolean takeOver(JobChain chain, JobExecution running) {
		Instant giveUp = Instant.now(this.clock).plus(this.settings.takeOverWait());
		while (true) {
			JobExecution now = this.operations.find(running.getId());
			if (!now.getStatus().isRunning()) {
				return true;
			}
			List<Long> executions = this.jdbc.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e
					JOIN lifecycle_execution_owner o USING (job_execution_id)
					WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
					  AND (o.host, o.pid) = (SELECT host, pid FROM lifecycle_execution_owner WHERE job_execution_id = ?)
					ORDER BY e.job_execution_id DESC""", Long.class, running.getId());
			// the night's job first (it was started after the chain), then the chain: the
			// owner's sessions are ended, so it can commit nothing more (fenced)
			boolean gone = !executions.isEmpty();
			for (long id : executions) {
				Recovery recovery = this.operations.recoverPresumedGone(id);
				if (recovery.outcome() == Recovery.Outcome.OWNER_ALIVE) {
					gone = false;
					break;
				}
			}
			if (gone) {
				return true;
			}
			if (Instant.now(this.clock).isAfter(giveUp) || this.shuttingDown.get()) {
				this.operations.record("refused", chain.name(), running.getId(),
						"the night is running on a node that looks alive: "
								+ this.operations.ownerOf(running.getId()).orElse("owner not recorded"));
				return false;
			}
			try {
				Thread.sleep(this.settings.takeOverPoll().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private static String minutes(Duration duration) {
		long minutes = duration.toMinutes();
		return (minutes >= 120) ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
	}

}
