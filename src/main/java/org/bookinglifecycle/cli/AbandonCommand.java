package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code abandon EXECUTION}: gives up on a failed or stopped execution for good.
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Mark a failed or stopped execution ABANDONED: it will never be restarted.",
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:abandoned", "2:no such execution", "4:completed, already abandoned, or running" })
class AbandonCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION", description = "the job execution id")
	long executionId;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		runtime.bean(JobOperations.class).abandon(this.executionId);
		console.line("execution %d abandoned", this.executionId);
		return ExitCodes.COMPLETED;
	}

}
