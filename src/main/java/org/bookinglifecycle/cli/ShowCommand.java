package org.bookinglifecycle.cli;

import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code show EXECUTION}: one execution in full: parameters, steps with counts, exit
 * descriptions, failure, owner process.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job execution in full.")
class ShowCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION", description = "the job execution id")
	long executionId;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JobOperations control = runtime.bean(JobOperations.class);
		JobExecution execution = control.find(this.executionId);
		ExecutionReport.print(console, execution);
		control.evidence(execution).forEach((line) -> console.line("  %s", line));
		console.line("  started %s, ended %s", execution.getStartTime(), execution.getEndTime());
		console.line("  owner: %s", control.ownerOf(this.executionId).orElse("not recorded"));
		control.actions(this.executionId).forEach((line) -> console.line("  operations: %s", line));
		return ExitCodes.COMPLETED;
	}

}
