package org.bookinglifecycle.cli;

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
		for (LifecycleJobSpec job : JobDefinitions.load().jobs()) {
			console.line("%s  (%s)", job.name(), job.kind().label());
			console.line("  %s", job.summary());
			console.line("  rerun: %s", job.restart());
			console.line("  schedule: %s", schedule(job.schedule()));
			for (ParameterSpec parameter : job.parameters()) {
				console.line("  %-11s %s; %s%s%s", parameter.name(), parameter.description(), parameter.allowed(),
						(parameter.defaultValue() != null) ? "; default " + parameter.defaultValue() : "",
						parameter.identifying() ? "; identifies the run" : "");
			}
		}
		return ExitCodes.COMPLETED;
	}

	private static String schedule(JobSchedule schedule) {
		if (schedule == null) {
			return "none (run on demand)";
		}
		String when = (schedule.cron() != null) ? "cron '" + schedule.cron() + "' in " + schedule.timeZone()
				: "right after " + schedule.after() + " in the nightly chain";
		return schedule.enabled() ? when : when + " (disabled)";
	}

}
