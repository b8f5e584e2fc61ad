package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.JobCatalog;

import org.bookinglifecycle.kit.LifecycleJobSpec;
import org.bookinglifecycle.kit.ParameterSpec;

import picocli.CommandLine.Command;

/**
 * {@code jobs}: the jobs this build has, with their parameters.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs and the parameters each takes.")
class JobsCommand extends DatabaseCommand {

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		for (LifecycleJobSpec job : runtime.bean(JobCatalog.class).specs()) {
			console.line("%s  (%s)", job.name(), job.kind());
			console.line("  %s", job.summary());
			console.line("  rerun: %s", job.restart());
			for (ParameterSpec parameter : job.parameters()) {
				console.line("  %-11s %s; %s%s%s", parameter.name(), parameter.description(), parameter.allowed(),
						(parameter.defaultValue() != null) ? "; default " + parameter.defaultValue() : "",
						parameter.identifying() ? "; identifies the run" : "");
			}
		}
		return ExitCodes.COMPLETED;
	}

}
