package org.bookinglifecycle.kit;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Progress of one execution of a chunked step, through {@link Progress}: rows done out of
 * the total, rate and ETA. Done and total count the same rows: the rows the reader handed
 * out in earlier executions (a restart) plus the rows still ahead of its saved position,
 * counted with its own query. That total is kept in the step's context as
 * {@code <reader>.total}.
 */
class ProgressListener implements StepExecutionListener, ChunkListener<Object, Object> {

	private final KeysetReader<?> reader;

	private Progress progress;

	private long alreadyDone;

	private StepExecution stepExecution;

	ProgressListener(KeysetReader<?> reader) {
		this.reader = reader;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		this.alreadyDone = this.reader.done(stepExecution.getExecutionContext());
		long ahead = this.reader.countAhead(stepExecution.getExecutionContext());
		// the instance's whole work as this execution sees it at its start, kept with the
		// reader's position: what a failed execution left undone is this minus its read
		// count (the alert rule archive-failure-rate reads it)
		stepExecution.getExecutionContext().putLong(this.reader.name() + ".total", this.alreadyDone + ahead);
		this.progress = new Progress(stepExecution.getStepName(), this.alreadyDone + ahead, this.alreadyDone);
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		this.progress.doneSoFar(this.alreadyDone + this.stepExecution.getReadCount());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		this.progress.doneSoFar(this.alreadyDone + stepExecution.getReadCount());
		this.progress.close();
		return null;
	}

}
