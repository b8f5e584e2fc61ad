package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daemon's periodic tasks: each runs on its interval from start to stop, a failing
 * run does not end its schedule, and a task without an interval never runs.
 */
class DaemonTasksTests {

	private static DaemonTask task(String name, Duration interval, AtomicInteger runs, boolean fails) {
		return new DaemonTask() {

			@Override
			public String describe() {
				return name;
			}

			@Override
			public Duration interval() {
				return interval;
			}

			@Override
			public void run(Instant now) {
				runs.incrementAndGet();
				if (fails) {
					throw new IllegalStateException("the database is away");
				}
			}

		};
	}

	@Test
	void eachTaskRunsOnItsIntervalUntilStoppedAFailureDoesNotEndItAndNoIntervalMeansNoRun() {
		AtomicInteger relay = new AtomicInteger();
		AtomicInteger failing = new AtomicInteger();
		AtomicInteger idle = new AtomicInteger();
		DaemonTasks tasks = new DaemonTasks(
				List.of(task("relay", Duration.ofMillis(20), relay, false),
						task("failing", Duration.ofMillis(20), failing, true), task("idle", null, idle, false)),
				Clock.systemUTC());

		List<String> lines = tasks.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> relay.get() >= 3 && failing.get() >= 3);
		tasks.stop();
		int relayRuns = relay.get();
		int failingRuns = failing.get();

		assertThat(lines).containsExactly("relay", "failing", "idle");
		assertThat(idle.get()).isZero();
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> relay.get() == relayRuns);
		assertThat(failing.get()).isEqualTo(failingRuns);
	}

}
