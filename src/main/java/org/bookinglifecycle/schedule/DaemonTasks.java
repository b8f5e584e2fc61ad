package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.bookinglifecycle.kit.DaemonTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the {@link DaemonTask}s of the suite while the daemon is up, each on its own
 * interval on one small thread pool: started after their settings are checked, stopped
 * before the daemon shuts the scheduler down.
 */
class DaemonTasks {

	private static final Logger logger = LoggerFactory.getLogger(DaemonTasks.class);

	private final List<DaemonTask> tasks;

	private final Clock clock;

	private ThreadPoolTaskScheduler pool;

	DaemonTasks(List<DaemonTask> tasks, Clock clock) {
		this.tasks = List.copyOf(tasks);
		this.clock = clock;
	}

	/**
	 * Check every task's settings (a bad one stops the daemon with exit 2 before it joins
	 * the cluster), then start them.
	 * @return one line per task
	 */
	synchronized List<String> start() {
		this.tasks.forEach(DaemonTask::check);
		if (this.tasks.isEmpty()) {
			return List.of();
		}
		List<DaemonTask> active = this.tasks.stream().filter(DaemonTask::active).toList();
		if (active.isEmpty()) {
			return this.tasks.stream().map(DaemonTask::describe).toList();
		}
		this.pool = new ThreadPoolTaskScheduler();
		this.pool.setPoolSize(Math.min(active.size(), 2));
		this.pool.setThreadNamePrefix("lifecycle-task-");
		this.pool.setDaemon(true);
		this.pool.initialize();
		for (DaemonTask task : active) {
			this.pool.scheduleWithFixedDelay(() -> runOnce(task), task.interval());
		}
		return this.tasks.stream().map(DaemonTask::describe).toList();
	}

	private void runOnce(DaemonTask task) {
		try {
			task.runOnce(Instant.now(this.clock));
		}
		catch (RuntimeException ex) {
			logger.warn("{} failed this round: {}", task.name(), ex.getMessage());
		}
	}

	/** Stop the tasks, waiting for a round in progress. */
	synchronized void stop() {
		if (this.pool != null) {
			this.pool.setWaitForTasksToCompleteOnShutdown(true);
			this.pool.setAwaitTerminationSeconds(30);
			this.pool.shutdown();
			this.pool = null;
		}
	}

}
