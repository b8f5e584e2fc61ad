package org.bookinglifecycle.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.operations.TriggerPauses;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each chain's trigger as ops see it (cron, next fire, last result, and whether it fires
 * and why: {@code jobs/*.yml} or a pause kept in the database), and pause/resume: a pause
 * made here wins over the definition's {@code enabled} until it is resumed, on every node
 * of the cluster (Quartz's JDBC store holds the paused state) and after a restart
 * ({@link #applyPauses()} at start).
 */
public class ScheduleTriggers {

	private final Scheduler scheduler;

	private final JobDefinitions definitions;

	private final TriggerPauses pauses;

	private final JdbcTemplate jdbc;

	ScheduleTriggers(Scheduler scheduler, JobDefinitions definitions, TriggerPauses pauses, JdbcTemplate jdbc) {
		this.scheduler = scheduler;
		this.definitions = definitions;
		this.pauses = pauses;
		this.jdbc = jdbc;
	}

	/**
	 * Every chain's trigger, in the order of {@code jobs/*.yml}.
	 * @return the states
	 */
	public List<TriggerState> states() {
		Map<String, TriggerPauses.Pause> paused = this.pauses.paused();
		Map<String, Map<String, Object>> last = new HashMap<>();
		this.jdbc.queryForList(SqlFiles.ops("last-execution-per-job"))
			.forEach((row) -> last.put((String) row.get("job_name"), row));
		List<TriggerState> states = new ArrayList<>();
		for (JobChain chain : this.definitions.chains()) {
			TriggerPauses.Pause pause = paused.get(chain.name());
			String state;
			String source;
			if (pause != null) {
				state = "paused";
				source = "paused on the web page by " + pause.by() + " at " + pause.at() + " (kept in the database)";
			}
			else if (!chain.schedule().enabled()) {
				state = "disabled";
				source = "enabled: false in " + chain.head().source();
			}
			else {
				state = "enabled";
				source = chain.head().source();
			}
			Instant next = null;
			if (pause == null) {
				try {
					Trigger trigger = this.scheduler.getTrigger(key(chain.name()));
					next = (trigger != null && trigger.getNextFireTime() != null)
							? trigger.getNextFireTime().toInstant() : null;
				}
				catch (SchedulerException ex) {
					// shown as no next fire
				}
			}
			Map<String, Object> lastRun = last.get(chain.name());
			states.add(new TriggerState(chain.name(),
					String.join(" -> ", chain.members().stream().map(LifecycleJobSpec::name).toList()),
					chain.schedule().cron(), chain.schedule().timeZone(), state, source, next,
					(lastRun != null) ? ((Number) lastRun.get("job_execution_id")).longValue() : null,
					(lastRun != null) ? (String) lastRun.get("status") : null));
		}
		return states;
	}

	/**
	 * Pause a chain's trigger now, on every node.
	 * @param chain the chain
	 * @param actor who
	 * @throws BadUsageException if there is no such chain
	 */
	public void pause(String chain, String actor) {
		check(chain);
		this.pauses.pause(chain, actor);
		try {
			this.scheduler.pauseTrigger(key(chain));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The trigger of " + chain + " could not be paused: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Lift a pause: the chain fires again if its definition is enabled.
	 * @param chain the chain
	 * @param actor who
	 * @throws BadUsageException if there is no such chain
	 */
	public void resume(String chain, String actor) {
		check(chain);
		this.pauses.resume(chain, actor);
		try {
			this.scheduler.resumeTrigger(key(chain));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The trigger of " + chain + " could not be resumed: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Make Quartz's triggers agree with the pauses kept in the database (the daemon calls
	 * this once its triggers are written, before it takes fires).
	 * @return one line per paused chain
	 */
	public List<String> applyPauses() {
		List<String> lines = new ArrayList<>();
		Map<String, TriggerPauses.Pause> paused = this.pauses.paused();
		try {
			for (JobChain chain : this.definitions.chains()) {
				TriggerPauses.Pause pause = paused.get(chain.name());
				if (pause != null) {
					this.scheduler.pauseTrigger(key(chain.name()));
					lines.add(chain.name() + ": paused by " + pause.by() + " at " + pause.at()
							+ " (kept in the database; wins over jobs/*.yml until resumed)");
				}
				else if (this.scheduler.getTriggerState(key(chain.name())) == Trigger.TriggerState.PAUSED) {
					this.scheduler.resumeTrigger(key(chain.name()));
				}
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The paused triggers could not be applied: " + ex.getMessage(), ex);
		}
		return lines;
	}

	private void check(String chain) {
		if (this.definitions.chain(chain) == null) {
			throw new BadUsageException("There is no chain " + chain + ": allowed are "
					+ String.join(", ", this.definitions.chains().stream().map(JobChain::name).toList()) + ".");
		}
	}

	private static TriggerKey key(String chain) {
		return TriggerKey.triggerKey(chain, ScheduledNights.GROUP);
	}

	/**
	 * One chain's trigger.
	 *
	 * @param chain the chain
	 * @param jobs its jobs in run order
	 * @param cron its cron
	 * @param timeZone the cron's zone
	 * @param state {@code enabled}, {@code disabled} or {@code paused}
	 * @param source where the state comes from
	 * @param nextFire the next fire, or {@code null}
	 * @param lastExecution the chain's last execution, or {@code null}
	 * @param lastStatus its status, or {@code null}
	 */
	public record TriggerState(String chain, String jobs, String cron, String timeZone, String state, String source,
			Instant nextFire, Long lastExecution, String lastStatus) {

	}

}
