package org.bookinglifecycle.cli;

import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recover [EXECUTION] [--force]}: marks executions left running by a crashed
 * process FAILED, so that rerunning the night (or {@code restart}) continues them.
 * Without an id, every execution whose recorded owner is gone; never one whose owner is
 * alive.
 */
@Command(name = "recover", mixinStandardHelpOptions = true, description = {
		"Mark executions left running by a crashed process FAILED, so they can be restarted.",
		"Without EXECUTION: every execution whose owner process is gone (by pid on this host, by heartbeat on others).",
		"Executions whose owner is alive or unknown are left alone and listed." },
		exitCodeListHeading = "Exit codes:%n", exitCodeList = { "0:done", "2:no such execution",
				"4:not left running, or its owner looks alive (see --force)" })
class RecoverCommand extends DatabaseCommand {

	@Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION", description = "one execution to recover")
	Long executionId;

	@Option(names = "--force", description = "recover EXECUTION even if its owner looks alive or is unknown")
	boolean force;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JobOperations control = runtime.bean(JobOperations.class);
		if (this.executionId == null) {
			if (this.force) {
				throw new org.bookinglifecycle.kit.definition.BadUsageException(
						"--force needs an EXECUTION: it is never applied to all executions at once.");
			}
			List<String> report = control.recoverAll();
			if (report.isEmpty()) {
				console.line("no execution is left running");
			}
			report.forEach(console::line);
			return ExitCodes.COMPLETED;
		}
		JobExecution execution = control.recover(this.executionId, this.force);
		console.line("execution %d (%s) is now %s: run the job again with the same parameters, or `restart %d`",
				execution.getId(), execution.getJobInstance().getJobName(), execution.getStatus(), execution.getId());
		return ExitCodes.COMPLETED;
	}

}
