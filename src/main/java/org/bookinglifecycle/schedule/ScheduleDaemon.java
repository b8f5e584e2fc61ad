package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import io.micrometer.core.instrument.Metrics;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.operations.ExecutionOwners;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.NothingToDoException;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's life: at start the {@link org.bookinglifecycle.kit.DaemonTask}s' settings
 * are checked and the tasks started (the alert rules' evaluation), the triggers of
 * {@code jobs/*.yml} are written into Quartz's tables (a trigger whose cron and zone did
 * not change is kept, so a fire missed while every node was down is still seen as a
 * misfire), then the scheduler joins the cluster; at SIGTERM it stops taking fires, asks
 * the executions running in this process to stop at their next chunk boundary, waits for
 * them (STOPPED, restartable), and leaves a resume trigger for any node.
 */
public class ScheduleDaemon {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleDaemon.class);

	private final Scheduler scheduler;

	private final JobDefinitions definitions;

	private final ScheduledNights nights;

	private final JobOperations operations;

	private final ExecutionOwners owners;

	private final Clock clock;

	private final DaemonTasks tasks;

	private final ScheduleTriggers triggers;

	ScheduleDaemon(Scheduler scheduler, JobDefinitions definitions, ScheduledNights nights, JobOperations operations,
			ExecutionOwners owners, Clock clock, DaemonTasks tasks, ScheduleTriggers triggers) {
		this.triggers = triggers;
		this.scheduler = scheduler;
		this.definitions = definitions;
		this.nights = nights;
		this.operations = operations;
		this.owners = owners;
		this.clock = clock;
		this.tasks = tasks;
	}

	/**
	 * Write the triggers and join the cluster.
	 * @return one line per chain: its jobs, its cron and next fire, or why it does not
	 * fire
	 */
	public List<String> start() {
		// the tasks' settings (jobs/alerts.yml...) are checked before the node joins
		List<String> lines = new ArrayList<>(this.tasks.start());
		try {
			this.nights.attach(this.scheduler);
			for (JobChain chain : this.definitions.chains()) {
				lines.add(registerOnce(chain));
				// every series from 0, so an alert on its increase sees the first failure
				Metrics.counter(ScheduledNights.NIGHTS_FAILED, "chain", chain.name());
				Metrics.counter(ScheduledNights.NIGHTS_SKIPPED, "chain", chain.name());
			}
			for (JobKey key : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ScheduledNights.GROUP))) {
				if (this.definitions.chain(key.getName()) == null) {
					this.scheduler.deleteJob(key);
					lines.add(key.getName() + ": no longer in jobs/*.yml, its trigger removed");
				}
			}
			// a pause made on the web page wins over jobs/*.yml until resumed
			lines.addAll(this.triggers.applyPauses());
			this.scheduler.start();
			lines.add("node " + this.scheduler.getSchedulerInstanceId() + " joined cluster "
					+ this.scheduler.getSchedulerName());
			return lines;
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The scheduler could not start: " + ex.getMessage(), ex);
		}
	}

	private String registerOnce(JobChain chain) throws SchedulerException {
		try {
			return register(chain);
		}
		catch (JobPersistenceException ex) {
			// another node of the cluster wrote the same job or trigger at the same
			// moment
			// (the store's writes are not one transaction): read what it wrote
			logger.info("Chain {}: registered by another node meanwhile ({}); reading it again", chain.name(),
					ex.getMessage());
			return register(chain);
		}
	}

	private String register(JobChain chain) throws SchedulerException {
		JobSchedule schedule = chain.schedule();
		JobKey jobKey = JobKey.jobKey(chain.name(), ScheduledNights.GROUP);
		JobDetail detail = JobBuilder.newJob(NightJob.class)
			.withIdentity(jobKey)
			.withDescription("the night of " + names(chain))
			.usingJobData(ScheduledNights.CHAIN, chain.name())
			.storeDurably()
			// a node lost mid-night: another node fires it again (recovering), and takes
			// the night over
			.requestRecovery()
			.build();
		this.scheduler.addJob(detail, true, true);
		TriggerKey triggerKey = TriggerKey.triggerKey(chain.name(), ScheduledNights.GROUP);
		String what = chain.name() + " (" + names(chain) + "): cron '" + schedule.cron() + "' in "
				+ schedule.timeZone();
		if (!schedule.enabled()) {
			this.scheduler.unscheduleJob(triggerKey);
			return what + ", disabled in " + chain.head().source();
		}
		Trigger existing = this.scheduler.getTrigger(triggerKey);
		if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(schedule.cron())
				&& cron.getTimeZone().getID().equals(TimeZone.getTimeZone(schedule.timeZone()).getID())) {
			return what + ", next fire " + next(existing.getNextFireTime());
		}
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(triggerKey)
			.forJob(jobKey)
			.withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron())
				.inTimeZone(TimeZone.getTimeZone(schedule.timeZone()))
				// a missed fire fires once when a node is back; the fire decides
				// catch-up or skip by the schedule's misfire and catch-up-window
				.withMisfireHandlingInstructionFireAndProceed())
			.build();
		try {
			if (existing == null) {
				this.scheduler.scheduleJob(trigger);
			}
			else {
				this.scheduler.rescheduleJob(triggerKey, trigger);
			}
		}
		catch (ObjectAlreadyExistsException ex) {
			// another node of the cluster wrote it at the same moment
		}
		return what + ", next fire " + next(trigger.getNextFireTime());
	}

	private static String names(JobChain chain) {
		return String.join(" -> ", chain.members().stream().map(LifecycleJobSpec::name).toList());
	}

	private static String next(Date date) {
		return (date != null) ? date.toInstant().toString() : "never";
	}

	private boolean firesRunning() {
		try {
			return !this.scheduler.getCurrentlyExecutingJobs().isEmpty();
		}
		catch (SchedulerException ex) {
			return false;
		}
	}

	private static boolean pause() {
		try {
			Thread.sleep(1000);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether the scheduler takes fires.
	 * @return {@code true} when started and not in standby or shut down
	 */
	public boolean taking() {
		try {
			return this.scheduler.isStarted() && !this.scheduler.isInStandbyMode() && !this.scheduler.isShutdown();
		}
		catch (SchedulerException ex) {
			return false;
		}
	}

	/**
	 * This node's id in the cluster.
	 * @return the Quartz instance id
	 */
	public String node() {
		try {
			return this.scheduler.getSchedulerInstanceId();
		}
		catch (SchedulerException ex) {
			return "unknown";
		}
	}

	/**
	 * Stop gracefully: no new fires here, the executions of this process stopped at their
	 * next chunk boundary (STOPPED, restartable), the nights they belong to left for a
	 * resume by any node, the scheduler shut down once its fires returned.
	 * @return one line per execution asked to stop
	 */
	public List<String> stopGracefully() {
		List<String> lines = new ArrayList<>();
		this.tasks.stop();
		this.nights.shuttingDown();
		try {
			this.scheduler.standby();
		}
		catch (SchedulerException ex) {
			logger.warn("Standby failed: {}", ex.getMessage());
		}
		// ask every execution of this process to stop, again while fires still run (a
		// fire
		// may start a job after the first look)
		Set<Long> asked = new HashSet<>();
		do {
			for (long id : this.owners.runningHere()) {
				if (asked.add(id)) {
					try {
						this.operations.stop(id);
						lines.add("asked execution " + id + " to stop at its next chunk boundary");
					}
					catch (RuntimeException ex) {
						// it ended meanwhile, or the database is away: the next look
						// tries again
						asked.remove(id);
						logger.info("Execution {} not asked to stop: {}", id, ex.getMessage());
					}
				}
			}
		}
		while (firesRunning() && pause());
		try {
			// returns when every fire running here has returned
			this.scheduler.shutdown(true);
		}
		catch (SchedulerException ex) {
			logger.warn("Scheduler shutdown failed: {}", ex.getMessage());
		}
		lines.add("scheduler shut down at " + Instant.now(this.clock));
		return lines;
	}

}
