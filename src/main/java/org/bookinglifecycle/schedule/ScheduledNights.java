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
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.quartz.CronTrigger;
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

	/** Trigger data of a retry, a resume or a take-over: what it is. */
	static final String KIND = "kind";

	/**
	 * Trigger data of a retry, a resume or a take-over: the execution it continues (0:
	 * none yet).
	 */
	static final String EXPECTED = "expected";

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
	 * One fire of a chain's trigger. Never throws: whatever goes wrong is recorded and,
	 * while attempts remain, retried (a fire that throws would be dropped by Quartz).
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
		LocalDate asOf = null;
		try {
			Fire fire = fire(context, chain);
			if (fire != null) {
				asOf = fire.asOf();
				runNight(chain, fire);
			}
		}
		catch (RuntimeException ex) {
			failed(chain, asOf, ex);
		}
	}

	/**
	 * What a fire is about: the night, and how it came (cron, retry, resume, take-over).
	 */
	private record Fire(LocalDate asOf, String kind, long expected, boolean recovering, String what) {

		boolean continuing() {
			return !this.kind.equals("cron");
		}

	}

	private Fire fire(JobExecutionContext context, JobChain chain) {
		JobDataMap data = context.getMergedJobDataMap();
		JobSchedule schedule = chain.schedule();
		String what = "trigger " + context.getTrigger().getKey().getName() + " scheduled at " + firedAt(context);
		if (!schedule.enabled()) {
			this.operations.record("skip", chain.name(), null,
					what + ": the chain is disabled in " + chain.head().source());
			return null;
		}
		if (data.containsKey(AS_OF)) {
			// a retry, a resume or a take-over: the night it continues, whenever it fires
			return new Fire(LocalDate.parse(data.getString(AS_OF)), data.getString(KIND),
					data.containsKey(EXPECTED) ? data.getLong(EXPECTED) : 0, data.getString(KIND).equals("takeover"),
					what);
		}
		Instant fired = firedAt(context);
		// the night of the cron that fired (the trigger's, not this node's yml, which a
		// rolling change may have made older or newer)
		JobSchedule fromTrigger = (context.getTrigger() instanceof CronTrigger cron)
				? new JobSchedule(cron.getCronExpression(), cron.getTimeZone().getID(), null, true, chain.name(),
						schedule.misfire(), schedule.catchUpWindow(), schedule.retry(), schedule.parameters())
				: schedule;
		Instant night = fromTrigger.nightOf(fired).orElse(fired);
		LocalDate asOf = fromTrigger.asOf(night);
		Duration late = Duration.between(night, Instant.now(this.clock));
		if (!context.isRecovering() && late.compareTo(this.settings.misfireThreshold()) > 0) {
			Duration allowed = (schedule.misfire() == JobSchedule.Misfire.CATCH_UP) ? schedule.catchUpWindow()
					: Duration.ZERO;
			if (late.compareTo(allowed) > 0) {
				String why = "asOf=" + asOf + ": the night scheduled at " + night + " was missed by " + minutes(late)
						+ ", " + ((schedule.misfire() == JobSchedule.Misfire.CATCH_UP)
								? "beyond the catch-up window of " + minutes(allowed) : "and misfire is skip");
				this.operations.record("skip", chain.name(), null, why);
				Metrics.counter(NIGHTS_SKIPPED, "chain", chain.name()).increment();
				logger.warn("Skipped the night of chain {}: {}", chain.name(), why);
				return null;
			}
			what = what + ", the night scheduled at " + night + " " + minutes(late) + " late (catch-up)";
		}
		return new Fire(asOf, "cron", 0, context.isRecovering(), what);
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

	private void runNight(JobChain chain, Fire fire) {
		LocalDate asOf = fire.asOf();
		JobParameters parameters = this.operations.parameters(chain.name(), List.of(RunParameters.AS_OF + "=" + asOf),
				false);
		Optional<JobExecution> last = this.operations.lastExecution(chain.name(), parameters);
		String night = "asOf=" + asOf + ", " + fire.what();
		if (last.isPresent() && last.get().getStatus() == BatchStatus.COMPLETED) {
			this.operations.record("fire", chain.name(), last.get().getId(),
					night + ": the night already completed, nothing to do");
			return;
		}
		if (last.isPresent() && last.get().getStatus().isRunning()) {
			TakeOver outcome = takeOver(chain, last.get());
			if (outcome == TakeOver.SHUTTING_DOWN) {
				schedule(chain, asOf, "takeover", last.get().getId(), Duration.ZERO);
				this.operations.record("resume-scheduled", chain.name(), last.get().getId(),
						night + ": this node stops; the take-over is left to the next node up");
				return;
			}
			if (outcome == TakeOver.REFUSED) {
				return;
			}
			if (outcome == TakeOver.ENDED) {
				// its live owner ended it meanwhile: that owner's retries, or ops, go on
				this.operations.record("fire", chain.name(), last.get().getId(),
						night + ": the night ended meanwhile on its own node; nothing to take over");
				return;
			}
		}
		else if (last.isPresent()) {
			// it ended without completing: only the retry or resume made for that very
			// execution continues it (not a later cron fire, not one made before ops
			// stopped or restarted it)
			boolean expected = fire.continuing() && last.get().getId() == fire.expected()
					&& (last.get().getStatus() == BatchStatus.FAILED || last.get().getStatus() == BatchStatus.STOPPED);
			if (!expected) {
				this.operations.record("fire", chain.name(), last.get().getId(), night + ": the night ended "
						+ last.get().getStatus() + "; its own retries, or ops, continue it");
				return;
			}
		}
		if (this.shuttingDown.get()) {
			schedule(chain, asOf, "resume", last.map(JobExecution::getId).orElse(0L), Duration.ZERO);
			this.operations.record("resume-scheduled", chain.name(), null,
					night + ": this node stops; the next node up runs the night");
			return;
		}
		int attempt = this.operations.executions(chain.name(), parameters) + 1;
		this.operations.record("fire", chain.name(), null,
				night + ", attempt " + attempt + (fire.recovering() ? ", taking over the night of a lost node" : ""));
		JobExecution ran;
		try {
			ran = this.operations.run(chain.name(), parameters);
		}
		catch (JobLocks.JobRunningException ex) {
			// the chain's lock is held (a night run by hand): try again after the backoff
			this.operations.record("refused", chain.name(), null, "asOf=" + asOf + ": " + ex.getMessage());
			logger.warn("Night of chain {} not started: {}", chain.name(), ex.getMessage());
			retryOrGiveUp(chain, asOf, attempt, chain.schedule().retryIn(chain.schedule()), null, "could not start");
			return;
		}
		catch (NothingToDoException ex) {
			this.operations.record("fire", chain.name(), null, night + ": " + ex.getMessage());
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
		if (this.operations.wasRecoveredElsewhere(ran.getId())) {
			// fenced: another node took this night over while this one was silent
			logger.warn("Night {} of chain {}: execution {} was taken over by another node; nothing more here", asOf,
					chain.name(), ran.getId());
			return;
		}
		if (ran.getStatus() == BatchStatus.STOPPED) {
			if (this.shuttingDown.get()) {
				// stopped by this daemon's shutdown, not by ops: any node resumes it
				schedule(chain, asOf, "resume", ran.getId(), Duration.ZERO);
				this.operations.record("resume-scheduled", chain.name(), ran.getId(),
						"asOf=" + asOf + ": stopped by the daemon's shutdown; the next node up resumes it");
			}
			return;
		}
		retryOrGiveUp(chain, asOf, attempt, retryFor(chain, ran), ran, "ended " + ran.getStatus());
	}

	private void retryOrGiveUp(JobChain chain, LocalDate asOf, int attempt, JobSchedule.Retry retry, JobExecution ran,
			String outcome) {
		Long id = (ran != null) ? ran.getId() : null;
		if (attempt < retry.attempts()) {
			Duration wait = retry.waitAfter(attempt);
			schedule(chain, asOf, "retry", (id != null) ? id : 0L, wait);
			this.operations.record("retry-scheduled", chain.name(), id, "asOf=" + asOf + ": attempt " + attempt + " of "
					+ retry.attempts() + " " + outcome + "; next in " + wait);
			logger.warn("Night {} of chain {}: attempt {} of {} {}; retry in {}", asOf, chain.name(), attempt,
					retry.attempts(), outcome, wait);
			return;
		}
		Metrics.counter(NIGHTS_FAILED, "chain", chain.name()).increment();
		this.operations.record("gave-up", chain.name(), id,
				"asOf=" + asOf + ": attempt " + attempt + " of " + retry.attempts() + " " + outcome + "; left for ops"
						+ ((id != null) ? " (`restart " + id + "`)" : ""));
		logger.error("Night {} of chain {}: attempt {} of {} {}, the last: left for ops", asOf, chain.name(), attempt,
				retry.attempts(), outcome);
	}

	/**
	 * Something went wrong around a night (the database, a definition): record, retry.
	 */
	private void failed(JobChain chain, LocalDate asOf, RuntimeException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : ex.toString();
		logger.error("A fire of chain {} failed: {}", chain.name(), message, ex);
		if (asOf == null) {
			return; // nothing is known of the night: the next fire decides again
		}
		try {
			int attempt = this.operations.executions(chain.name(),
					this.operations.parameters(chain.name(), List.of(RunParameters.AS_OF + "=" + asOf), false)) + 1;
			if (ex instanceof BadUsageException) {
				retryOrGiveUp(chain, asOf, Integer.MAX_VALUE, chain.schedule().retryIn(chain.schedule()), null,
						"refused: " + message);
				return;
			}
			retryOrGiveUp(chain, asOf, attempt, chain.schedule().retryIn(chain.schedule()), null,
					"failed before it ran: " + message);
		}
		catch (RuntimeException again) {
			logger.error("Chain {}: the failure of the night {} could not be recorded ({})", chain.name(), asOf,
					again.getMessage());
		}
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

	private void schedule(JobChain chain, LocalDate asOf, String kind, long expected, Duration wait) {
		Scheduler quartz = this.scheduler;
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(kind + "-" + chain.name() + "-" + asOf + "-" + System.nanoTime(), GROUP)
			.forJob(JobKey.jobKey(chain.name(), GROUP))
			.usingJobData(AS_OF, asOf.toString())
			.usingJobData(KIND, kind)
			.usingJobData(EXPECTED, expected)
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

	/** How waiting for a night's owner ended. */
	private enum TakeOver {

		/** Its owner was presumed gone, fenced, and the night recovered: run it. */
		TAKEN_OVER,
		/** It ended on its own node meanwhile. */
		ENDED,
		/** Its owner still looks alive after the wait. */
		REFUSED,
		/** This node stops: another node does it. */
		SHUTTING_DOWN

	}

	/**
	 * A night still marked running: wait while its owner looks alive, then fence and
	 * recover its executions (the night's running job first, then the night) so it can be
	 * restarted.
	 */
	private TakeOver takeOver(JobChain chain, JobExecution running) {
		Instant giveUp = Instant.now(this.clock).plus(this.settings.takeOverWait());
		while (true) {
			JobExecution now = this.operations.find(running.getId());
			if (!now.getStatus().isRunning()) {
				return TakeOver.ENDED;
			}
			// every execution of the same owner process (host, pid and start: a later
			// process with the same pid is another owner), the newest first
			List<Long> executions = this.jdbc.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e
					JOIN lifecycle_execution_owner o USING (job_execution_id)
					JOIN lifecycle_execution_owner night ON night.job_execution_id = ?
					WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
					  AND o.host = night.host AND o.pid = night.pid
					  AND o.process_started_at IS NOT DISTINCT FROM night.process_started_at
					ORDER BY e.job_execution_id DESC""", Long.class, running.getId());
			boolean gone = !executions.isEmpty();
			for (long id : executions) {
				Recovery recovery = this.operations.recoverPresumedGone(id);
				if (recovery.outcome() == Recovery.Outcome.OWNER_ALIVE) {
					gone = false;
					break;
				}
			}
			if (gone) {
				return TakeOver.TAKEN_OVER;
			}
			if (this.shuttingDown.get()) {
				return TakeOver.SHUTTING_DOWN;
			}
			if (Instant.now(this.clock).isAfter(giveUp)) {
				this.operations.record("refused", chain.name(), running.getId(),
						"the night is running on a node that looks alive: "
								+ this.operations.ownerOf(running.getId()).orElse("owner not recorded"));
				return TakeOver.REFUSED;
			}
			try {
				Thread.sleep(this.settings.takeOverPoll().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return TakeOver.SHUTTING_DOWN;
			}
		}
	}

	private static String minutes(Duration duration) {
		long minutes = duration.toMinutes();
		return (minutes >= 120) ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
	}

}
