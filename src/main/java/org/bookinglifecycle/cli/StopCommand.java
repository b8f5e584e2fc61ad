package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code stop EXECUTION}: asks a running execution, in this or another process, to stop
 * at its next chunk boundary.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask a running execution (any process) to stop at its next chunk boundary; restart it later.",
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:stop requested", "2:no such execution", "4:not running" })
class StopCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION", description = "the job execution id")
	long executionId;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		runtime.bean(JobOperations.class).stop(this.executionId);
		console.line("stop requested for execution %d: it stops at its next chunk boundary (status STOPPED); "
				+ "`restart %d` continues it", this.executionId, this.executionId);
		return ExitCodes.COMPLETED;
	}

}
