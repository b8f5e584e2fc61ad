package org.bookinglifecycle.kit;

import java.time.Duration;
import java.util.function.ToLongFunction;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Progress of a chunked step: rows done out of the total, rate and ETA. On a terminal a
 * progress bar; otherwise (daemon, CI, pipes) a log line every few seconds. Counts only,
 * never row contents. Rows done before a restart are counted from the reader's saved
 * state.
 */
public class ProgressListener implements StepExecutionListener, ChunkListener<Object, Object> {

	private static final Logger logger = LoggerFactory.getLogger(ProgressListener.class);

	private static final Duration LOG_EVERY = Duration.ofSeconds(5);

	private final ToLongFunction<StepExecution> total;

	private final String readCountKey;

	private StepExecution stepExecution;

	private long alreadyDone;

	private long totalRows;

	private long startedNanos;

	private long lastLogNanos;

	private ProgressBar bar;

	/**
	 * A listener for one step.
	 * @param total how many rows the step will go through, asked once when it starts
	 * @param readerName the name of the step's reader, whose saved read count tells how
	 * many rows were done before a restart
	 */
	public ProgressListener(ToLongFunction<StepExecution> total, String readerName) {
		this.total = total;
		this.readCountKey = readerName + ".read.count";
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		// the reader saves its count as an int; any number will do
		Object saved = stepExecution.getExecutionContext().get(this.readCountKey);
		this.alreadyDone = (saved instanceof Number number) ? number.longValue() : 0L;
		this.totalRows = Math.max(this.total.applyAsLong(stepExecution), this.alreadyDone);
		this.startedNanos = System.nanoTime();
		this.lastLogNanos = this.startedNanos;
		if (System.console() != null) {
			this.bar = new ProgressBarBuilder().setTaskName(stepExecution.getStepName())
				.setInitialMax(this.totalRows)
				.setStyle(ProgressBarStyle.ASCII)
				.showSpeed()
				.setUnit(" rows", 1)
				.build();
			this.bar.stepTo(this.alreadyDone);
		}
		logger.info("{}: {} rows to go through{}", stepExecution.getStepName(), this.totalRows,
				(this.alreadyDone > 0) ? " (" + this.alreadyDone + " done before the restart)" : "");
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		long done = this.alreadyDone + this.stepExecution.getReadCount();
		if (this.bar != null) {
			this.bar.stepTo(done);
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastLogNanos >= LOG_EVERY.toNanos()) {
			this.lastLogNanos = now;
			logger.info(line(done, now));
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.bar != null) {
			this.bar.close();
			this.bar = null;
		}
		logger.info(line(this.alreadyDone + stepExecution.getReadCount(), System.nanoTime()));
		return null;
	}

	private String line(long done, long now) {
		double seconds = Math.max((now - this.startedNanos) / 1e9, 1e-3);
		double rate = (done - this.alreadyDone) / seconds;
		long left = Math.max(this.totalRows - done, 0);
		String eta = (rate > 0)
				? Duration.ofSeconds((long) Math.ceil(left / rate)).toString().substring(2).toLowerCase() : "?";
		double percent = (this.totalRows > 0) ? 100.0 * done / this.totalRows : 100.0;
		return String.format("%s: %,d / %,d rows (%.1f%%), %,.0f rows/s, ETA %s", this.stepExecution.getStepName(),
				done, this.totalRows, percent, rate, eta);
	}

}
