package org.bookinglifecycle.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bookinglifecycle.operations.JobOperations;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;

/**
 * How the CLI prints a job execution: one summary line, a line per step with its counts
 * and exit description, and the first failure's message (no stack trace, no row data).
 */
final class ExecutionReport {

	private ExecutionReport() {
	}

	static void print(Console console, JobExecution execution) {
		console.line("%s execution %d: %s (exit %s) in %s", execution.getJobInstance().getJobName(), execution.getId(),
				execution.getStatus(), execution.getExitStatus().getExitCode(),
				duration(execution.getStartTime(), execution.getEndTime()));
		console.line("  parameters: %s", JobOperations.identity(execution.getJobParameters()));
		List<List<String>> rows = new ArrayList<>();
		execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparing(StepExecution::getId))
			.forEach((step) -> rows.add(List.of("  " + step.getStepName(), step.getStatus().toString(),
					String.valueOf(step.getReadCount()), String.valueOf(step.getWriteCount()),
					String.valueOf(step.getFilterCount()), String.valueOf(step.getSkipCount()),
					String.valueOf(step.getCommitCount()), String.valueOf(step.getRollbackCount()),
					duration(step.getStartTime(), step.getEndTime()))));
		if (!rows.isEmpty()) {
			console.table(List.of("  step", "status", "read", "written", "filtered", "skipped", "commits", "rollbacks",
					"time"), rows);
		}
		execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparing(StepExecution::getId))
			.map((step) -> step.getExitStatus().getExitDescription())
			.filter((description) -> description != null && !description.isBlank())
			.map((description) -> firstLine(description, 4000))
			.forEach((description) -> console.line("  %s", description));
		if (!execution.getAllFailureExceptions().isEmpty()) {
			Throwable failure = execution.getAllFailureExceptions().get(0);
			console.line("  failure: %s: %s", failure.getClass().getSimpleName(), firstLine(failure.getMessage()));
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
			if (cause != failure) {
				console.line("  caused by: %s: %s", cause.getClass().getSimpleName(), firstLine(cause.getMessage()));
			}
		}
	}

	static String duration(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return "-";
		}
		Duration duration = Duration.between(start, (end != null) ? end : LocalDateTime.now());
		return String.format("%.1fs", duration.toMillis() / 1000.0);
	}

	static String firstLine(String text) {
		return firstLine(text, 1000);
	}

	/**
	 * The first line of a text, cut at {@code max} characters.
	 * @param text the text
	 * @param max the longest line kept
	 * @return the line
	 */
	static String firstLine(String text, int max) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		String line = (newline < 0) ? text : text.substring(0, newline);
		return (line.length() > max) ? line.substring(0, max) + "..." : line;
	}

}
