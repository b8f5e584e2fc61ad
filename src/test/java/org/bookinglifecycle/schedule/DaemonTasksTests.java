package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bookinglifecycle.kit.DaemonTask;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The daemon's repeated tasks: checked before anything starts, run on their interval (a
 * failing round does not stop the next), stopped with the daemon (a round in progress
 * ends, no round follows).
 */
class DaemonTasksTests {

	@Test
	void aTaskRunsEveryIntervalEvenAfterAFailedRoundAndStopsWithTheDaemon() {
		Counting task = new Counting(null);
		DaemonTasks tasks = new DaemonTasks(List.of(task), Clock.systemUTC());

		assertThat(tasks.start()).containsExactly("counting: every PT0.01S");
		await().atMost(Duration.ofSeconds(10)).until(() -> task.rounds.get() >= 3);
		tasks.stop();
		int atStop = task.rounds.get();

		assertThat(task.checked.get()).isEqualTo(1);
		assertThat(task.ended.get()).as("a round in progress ended before stop returned").isEqualTo(atStop);
		// thirty intervals and more without a round
		await("no round after the stop").during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> task.rounds.get() == atStop);
	}

	@Test
	void anInactiveTaskIsCheckedAndDescribedButNeverRun() throws Exception {
		Counting idle = new Counting(null) {
			@Override
			public boolean active() {
				return false;
			}

			@Override
			public String describe() {
				return "counting: nothing to do here";
			}
		};
		Counting busy = new Counting(null);
		DaemonTasks tasks = new DaemonTasks(List.of(idle, busy), Clock.systemUTC());

		assertThat(tasks.start()).containsExactly("counting: nothing to do here", "counting: every PT0.01S");
		await().atMost(Duration.ofSeconds(10)).until(() -> busy.rounds.get() >= 3);
		tasks.stop();

		assertThat(idle.checked.get()).isEqualTo(1);
		assertThat(idle.rounds.get()).isZero();
	}

	@Test
	void aTaskWithBadSettingsStopsTheStartBeforeAnyRound() {
		Counting task = new Counting("Alert rules jobs/alerts.yml, line 3: bad.");
		DaemonTasks tasks = new DaemonTasks(List.of(task), Clock.systemUTC());

		assertThatExceptionOfType(BadUsageException.class).isThrownBy(tasks::start).withMessageContaining("line 3");
		tasks.stop();
		assertThat(task.rounds.get()).isZero();
	}

	private static class Counting implements DaemonTask {

		private final String problem;

		private final AtomicInteger checked = new AtomicInteger();

		private final AtomicInteger rounds = new AtomicInteger();

		private final AtomicInteger ended = new AtomicInteger();

		Counting(String problem) {
			this.problem = problem;
		}

		@Override
		public String name() {
			return "counting";
		}

		@Override
		public void check() {
			this.checked.incrementAndGet();
			if (this.problem != null) {
				throw new BadUsageException(this.problem);
			}
		}

		@Override
		public Duration interval() {
			return Duration.ofMillis(10);
		}

		@Override
		public void runOnce(Instant now) {
			try {
				if (this.rounds.incrementAndGet() == 1) {
					throw new IllegalStateException("the first round fails");
				}
				// a round that takes a while, so a stop is likely to meet one in progress
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.ended.incrementAndGet();
			}
		}

	}

}
