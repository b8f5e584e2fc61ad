package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code restart EXECUTION}: continues a FAILED or STOPPED execution from its last
 * committed chunk.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Continue a failed or stopped execution from its last committed chunk.",
		exitCodeListHeading = "Exit codes:%n", exitCodeList = { "0:completed", "1:failed", "2:no such execution",
				"3:stopped again", "4:nothing to restart (completed, abandoned, running, or not the last)" })
class RestartCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION", description = "the job execution id (see `executions`)")
	long executionId;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JobExecution execution = runtime.bean(JobOperations.class).restart(this.executionId);
		ExecutionReport.print(console, execution);
		return ExitCodes.of(execution);
	}

}
