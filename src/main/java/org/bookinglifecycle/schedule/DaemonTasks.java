package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DaemonTask}s of a daemon, each run on its own interval on a thread of its
 * own (one task's slow run never delays another, nor a night), from the daemon's start to
 * its stop.
 */
final class DaemonTasks {

	private static final Logger logger = LoggerFactory.getLogger(DaemonTasks.class);

	private final List<DaemonTask> tasks;

	private final Clock clock;

	private ScheduledExecutorService runner;

	DaemonTasks(List<DaemonTask> tasks, Clock clock) {
		this.tasks = tasks;
		this.clock = clock;
	}

	/**
	 * Start every task that has an interval.
	 * @return one line per task
	 */
	List<String> start() {
		List<String> lines = new ArrayList<>();
		this.runner = Executors.newScheduledThreadPool(Math.max(1, this.tasks.size()), (runnable) -> {
			Thread thread = new Thread(runnable, "daemon-task");
			thread.setDaemon(true);
			return thread;
		});
		for (DaemonTask task : this.tasks) {
			lines.add(task.describe());
			if (task.interval() != null) {
				long every = task.interval().toMillis();
				this.runner.scheduleWithFixedDelay(() -> runOnce(task), every, every, TimeUnit.MILLISECONDS);
			}
		}
		return lines;
	}

	private void runOnce(DaemonTask task) {
		try {
			task.run(Instant.now(this.clock));
		}
		catch (RuntimeException ex) {
			// the database away, a bug: the next run tries again (an exception escaping
			// would end the task's schedule for good)
			logger.warn("{} failed: {}", task.describe(), ex.getMessage());
		}
	}

	/**
	 * No new runs; a run in progress finishes (a relay commits or rolls back its batch),
	 * waited for up to 30 seconds.
	 */
	void stop() {
		if (this.runner == null) {
			return;
		}
		this.runner.shutdown();
		try {
			this.runner.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
