package org.bookinglifecycle.archive;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The final summary of the move step, per rule: candidates read, archived, skipped
 * because the platform held them locked (picked up next run). Put in the step's exit
 * description, which the run summary, {@code show} and the job repository keep.
 */
class ArchiveSummary implements StepExecutionListener {

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		Map<String, long[]> perRule = new TreeMap<>();
		stepExecution.getExecutionContext().entrySet().forEach((entry) -> {
			String key = entry.getKey();
			long value = (entry.getValue() instanceof Number number) ? number.longValue() : 0;
			if (key.startsWith(MoveChunkWriter.ARCHIVED)) {
				perRule.computeIfAbsent(key.substring(MoveChunkWriter.ARCHIVED.length()),
						(k) -> new long[2])[0] = value;
			}
			else if (key.startsWith(MoveChunkWriter.SKIPPED_LOCKED)) {
				perRule.computeIfAbsent(key.substring(MoveChunkWriter.SKIPPED_LOCKED.length()),
						(k) -> new long[2])[1] = value;
			}
		});
		StringBuilder summary = new StringBuilder("archived");
		if (perRule.isEmpty()) {
			summary.append(" nothing");
		}
		perRule.forEach((rule, counts) -> summary.append(' ')
			.append(rule)
			.append("=")
			.append(counts[0])
			.append(" (skipped-locked ")
			.append(counts[1])
			.append(')'));
		return stepExecution.getExitStatus().addExitDescription(summary.toString());
	}

}
