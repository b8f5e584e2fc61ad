package org.bookinglifecycle.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.bookinglifecycle.operations.JobOperations;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code schedule --plan}: what the daemon would fire in the coming hours, and what a
 * daemon starting now would do about the last night (nothing, catch it up, or skip it),
 * read from {@code jobs/*.yml}, the job repository and Quartz's tables. Starts nothing.
 */
public final class SchedulePlan {

	private final JobDefinitions definitions;

	private final JobOperations operations;

	private final JdbcTemplate jdbc;

	/**
	 * A plan over the suite's database.
	 * @param definitions the job definitions
	 * @param operations the job operations
	 * @param jdbc the database
	 */
	public SchedulePlan(JobDefinitions definitions, JobOperations operations, JdbcTemplate jdbc) {
		this.definitions = definitions;
		this.operations = operations;
		this.jdbc = jdbc;
	}

	/**
	 * The plan.
	 * @param now the time it is
	 * @param horizon how far ahead
	 * @param misfireThreshold how late a fire still counts as on time
	 * @return the lines to print
	 */
	public List<String> lines(Instant now, Duration horizon, Duration misfireThreshold) {
		List<String> lines = new ArrayList<>();
		if (this.definitions.chains().isEmpty()) {
			lines.add("no job has a cron in jobs/*.yml: the daemon would fire nothing");
		}
		for (JobChain chain : this.definitions.chains()) {
			JobSchedule schedule = chain.schedule();
			lines.add(chain.name()
					+ " (" + String.join(" -> ", chain.members().stream().map(LifecycleJobSpec::name).toList())
					+ "): cron '" + schedule.cron() + "' in " + schedule.timeZone() + ", misfire "
					+ schedule.misfire().label() + ((schedule.misfire() == JobSchedule.Misfire.CATCH_UP)
							? " within " + schedule.catchUpWindow() : "")
					+ ", retry " + schedule.retryIn(schedule).attempts() + " attempts");
			if (!schedule.enabled()) {
				lines.add("  disabled in " + chain.head().source() + ": fires nothing");
				continue;
			}
			String state = triggerState(chain.name());
			if ("PAUSED".equals(state)) {
				lines.add("  its trigger is paused in the database: fires nothing until resumed");
			}
			List<Instant> fires = schedule.firesBetween(now, now.plus(horizon));
			if (fires.isEmpty()) {
				lines.add("  no fire in the next " + horizon.toHours() + " h");
			}
			for (Instant fire : fires.subList(0, Math.min(fires.size(), 50))) {
				lines.add("  " + fire + "  runs the night of asOf=" + schedule.asOf(fire));
			}
			if (fires.size() > 50) {
				lines.add("  ... and " + (fires.size() - 50) + " more fires");
			}
			if (state == null) {
				lines.add("  no trigger in the database yet: the first daemon writes it and fires from then on"
						+ " (nights before are not caught up)");
			}
			else {
				lines.add("  " + catchUp(chain, now, misfireThreshold));
			}
			lines.addAll(pendingTriggers(chain.name()));
		}
		return lines;
	}

	private String catchUp(JobChain chain, Instant now, Duration misfireThreshold) {
		JobSchedule schedule = chain.schedule();
		Optional<Instant> night = schedule.nightOf(now);
		if (night.isEmpty()) {
			return "catch-up: the cron has not fired in the last year; nothing to catch up";
		}
		LocalDate asOf = schedule.asOf(night.get());
		Optional<JobExecution> last = this.operations.lastExecution(chain.name(),
				this.operations.parameters(chain.name(), List.of(RunParameters.AS_OF + "=" + asOf), false));
		if (last.isPresent()) {
			JobExecution execution = last.get();
			return "last night asOf=" + asOf + ": " + execution.getStatus() + " (execution " + execution.getId() + ")"
					+ (execution.getStatus().isUnsuccessful()
							? "; a retry trigger or `restart " + execution.getId() + "` resumes it" : "");
		}
		Duration late = Duration.between(night.get(), now);
		String missed = "the night asOf=" + asOf + " scheduled at " + night.get() + " has not run";
		if (late.compareTo(misfireThreshold) <= 0) {
			return missed + " yet: it is firing now";
		}
		if (schedule.misfire() == JobSchedule.Misfire.CATCH_UP && late.compareTo(schedule.catchUpWindow()) <= 0) {
			return "catch-up: " + missed + " (" + late.toMinutes() + " min ago): a daemon starting now runs it once";
		}
		return "catch-up: " + missed + " (" + late.toMinutes() + " min ago, "
				+ ((schedule.misfire() == JobSchedule.Misfire.CATCH_UP)
						? "beyond the catch-up window " + schedule.catchUpWindow() : "misfire skip")
				+ "): a daemon starting now skips it and records the skip";
	}

	private String triggerState(String chain) {
		List<String> states = this.jdbc.queryForList(
				"SELECT trigger_state FROM qrtz_triggers WHERE trigger_group = ? AND trigger_name = ?", String.class,
				ScheduledNights.GROUP, chain);
		return states.isEmpty() ? null : states.get(0);
	}

	private List<String> pendingTriggers(String chain) {
		return this.jdbc.queryForList(
				"""
						SELECT '  pending ' || split_part(trigger_name, '-', 1) || ' at '
						       || to_char(to_timestamp(next_fire_time / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
						       || ' (' || trigger_name || ')'
						FROM qrtz_triggers
						WHERE trigger_group = ? AND job_name = ? AND trigger_type = 'SIMPLE'
						ORDER BY next_fire_time""",
				String.class, ScheduledNights.GROUP, chain);
	}

}
