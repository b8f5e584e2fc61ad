package org.bookinglifecycle.cli;

import java.time.Instant;
import java.util.concurrent.Callable;

import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jobs}: the jobs this build has, with their schedules and parameters, read from
 * their definitions ({@code jobs/*.yml}): no database is needed.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
		description = "List the jobs, their schedules and the parameters each takes (needs no database).")
class JobsCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		Console console = new Console(this.spec.commandLine().getOut(), this.spec.commandLine().getErr());
		JobDefinitions definitions = JobDefinitions.load();
		for (LifecycleJobSpec job : definitions.jobs()) {
			console.line("%s  (%s)", job.name(), job.kind().label());
			console.line("  %s", job.summary());
			console.line("  rerun: %s", job.restart());
			console.line("  schedule: %s", schedule(job, definitions));
			for (ParameterSpec parameter : job.parameters()) {
				console.line("  %-11s %s; %s%s%s", parameter.name(), parameter.description(), parameter.allowed(),
						(parameter.defaultValue() != null) ? "; default " + parameter.defaultValue() : "",
						parameter.identifying() ? "; identifies the run" : "");
			}
		}
		return ExitCodes.COMPLETED;
	}

	private static String schedule(LifecycleJobSpec job, JobDefinitions definitions) {
		JobSchedule schedule = job.schedule();
		if (schedule == null) {
			return "none (run on demand)";
		}
		if (schedule.cron() == null) {
			String chain = definitions.chains()
				.stream()
				.filter((c) -> c.members().contains(job))
				.map((c) -> " in chain " + c.name())
				.findFirst()
				.orElse("");
			return "right after " + schedule.after() + chain + (schedule.enabled() ? "" : " (disabled)");
		}
		String when = "cron '" + schedule.cron() + "' in " + schedule.timeZone() + ", heads chain " + schedule.chain();
		if (!schedule.enabled()) {
			return when + " (disabled)";
		}
		return when + "; next fire " + schedule.nextFire(Instant.now()).map(Instant::toString).orElse("never")
				+ " (unless paused in the database: `schedule --plan`)";
	}

}
