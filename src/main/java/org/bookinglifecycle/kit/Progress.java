package org.bookinglifecycle.kit;

import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long piece of work counted in rows: done out of total, rate and ETA. On a
 * terminal a progress bar; otherwise (daemon, CI, pipes) a log line every few seconds and
 * one at the end. Counts only, never row contents. Used by every chunked step and by the
 * seed.
 */
public final class Progress implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Progress.class);

	private static final Duration LOG_EVERY = Duration.ofSeconds(5);

	private final String task;

	private final long total;

	private final long alreadyDone;

	private final long startedNanos;

	private final ProgressBar bar;

	private long lastLogNanos;

	private long done;

	/**
	 * Start reporting.
	 * @param task what is being done, e.g. a step name
	 * @param total how many rows in all, those done before included
	 * @param alreadyDone rows done before this process started (a restart)
	 */
	public Progress(String task, long total, long alreadyDone) {
		this.task = task;
		this.total = total;
		this.alreadyDone = alreadyDone;
		this.done = alreadyDone;
		this.startedNanos = System.nanoTime();
		this.lastLogNanos = this.startedNanos;
		if (System.console() != null) {
			this.bar = new ProgressBarBuilder().setTaskName(task)
				.setInitialMax(total)
				.setStyle(ProgressBarStyle.ASCII)
				.showSpeed()
				.setUnit(" rows", 1)
				.build();
			this.bar.stepTo(alreadyDone);
		}
		else {
			this.bar = null;
		}
		logger.info("{}: {} rows to go through{}", task, total,
				(alreadyDone > 0) ? " (" + alreadyDone + " done before the restart)" : "");
	}

	/**
	 * Rows done so far, those before a restart included.
	 * @param rows rows done
	 */
	public void doneSoFar(long rows) {
		this.done = rows;
		if (this.bar != null) {
			this.bar.stepTo(rows);
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastLogNanos >= LOG_EVERY.toNanos()) {
			this.lastLogNanos = now;
			logger.info(line(now));
		}
	}

	/**
	 * The progress line: {@code task: done / total rows (p%), rate rows/s, ETA}.
	 * @param now the current {@link System#nanoTime()}
	 * @return the line
	 */
	String line(long now) {
		double seconds = Math.max((now - this.startedNanos) / 1e9, 1e-3);
		double rate = (this.done - this.alreadyDone) / seconds;
		long left = Math.max(this.total - this.done, 0);
		String eta = (rate > 0)
				? Duration.ofSeconds((long) Math.ceil(left / rate)).toString().substring(2).toLowerCase() : "?";
		double percent = (this.total > 0) ? 100.0 * this.done / this.total : 100.0;
		return String.format("%s: %,d / %,d rows (%.1f%%), %,.0f rows/s, ETA %s", this.task, this.done, this.total,
				percent, rate, eta);
	}

	@Override
	public void close() {
		if (this.bar != null) {
			this.bar.close();
		}
		logger.info(line(System.nanoTime()));
	}

}
