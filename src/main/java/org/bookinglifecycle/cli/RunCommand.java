package org.bookinglifecycle.cli;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run JOB [name=value ...] [--dry-run]}: runs a job to its end in this process.
 * The same identifying parameters as a FAILED or STOPPED execution continue that
 * execution.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Run a job to its end. Parameters are name=value (see `jobs`).",
				"Rerunning a failed or stopped night (same asOf) continues it from its last committed chunk." },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:completed", "1:failed", "2:bad usage (unknown job or parameter, bad value)",
				"3:stopped (restartable)", "4:already completed for these parameters" })
class RunCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "JOB", description = "the job, e.g. verify-integrity")
	String job;

	@Parameters(index = "1..*", paramLabel = "name=value", description = "job parameters")
	List<String> arguments = new ArrayList<>();

	@Option(names = "--dry-run", description = "report what a real run would do, write nothing")
	boolean dryRun;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JobOperations control = runtime.bean(JobOperations.class);
		JobParameters parameters = control.parameters(this.job, this.arguments, this.dryRun);
		console.line("running %s with %s", this.job, JobOperations.identity(parameters));
		JobExecution execution = control.run(this.job, parameters);
		ExecutionReport.print(console, execution);
		return ExitCodes.of(execution);
	}

}
