package org.bookinglifecycle.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.bookinglifecycle.operations.ExecutionOwner.Liveness;
import org.bookinglifecycle.operations.ExecutionOwner.ProcessLookup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionOwnerTests {

	private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

	private static final Instant PROCESS_START = Instant.parse("2026-11-25T01:00:00Z");

	private static final Duration TIMEOUT = OwnerSettings.DEFAULTS.heartbeatTimeout();

	private static final ProcessLookup OWNER_RUNS = (pid) -> Optional.of(Optional.of(PROCESS_START));

	private static final ProcessLookup NOTHING_RUNS = (pid) -> Optional.empty();

	@Test
	void ownerOnThisHostIsAliveWhileItsProcessRuns() {
		ExecutionOwner owner = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW.minusSeconds(3600));

		assertThat(owner.judge("node-a", NOW, OWNER_RUNS, TIMEOUT)).isEqualTo(Liveness.ALIVE);
		assertThat(owner.judge("node-a", NOW, NOTHING_RUNS, TIMEOUT)).isEqualTo(Liveness.GONE);
	}

	@Test
	void reusedPidIsNotTakenForTheOwner() {
		ExecutionOwner owner = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW);

		assertThat(
				owner.judge("node-a", NOW, (pid) -> Optional.of(Optional.of(PROCESS_START.plusSeconds(600))), TIMEOUT))
			.isEqualTo(Liveness.GONE);
		assertThat(owner.presumedGone("node-a", NOW, (pid) -> Optional.of(Optional.of(PROCESS_START.plusSeconds(600))),
				TIMEOUT))
			.isTrue();
	}

	@Test
	void ownerOnAnotherHostIsJudgedByItsHeartbeat() {
		ExecutionOwner fresh = new ExecutionOwner(1, "node-b", 4242, PROCESS_START, NOW.minusSeconds(30));
		ExecutionOwner silent = new ExecutionOwner(1, "node-b", 4242, PROCESS_START,
				NOW.minus(TIMEOUT).minusSeconds(1));

		assertThat(fresh.judge("node-a", NOW, NOTHING_RUNS, TIMEOUT)).isEqualTo(Liveness.ALIVE);
		assertThat(silent.judge("node-a", NOW, (pid) -> Optional.of(Optional.empty()), TIMEOUT))
			.isEqualTo(Liveness.GONE);
	}

	@Test
	void aRunningOwnerWithASilentHeartbeatIsPresumedGoneButNotJudgedGone() {
		// a process on this host stopped with SIGSTOP: its pid runs, its heartbeat does
		// not
		Duration timeout = Duration.ofSeconds(4);
		ExecutionOwner justInTime = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW.minus(timeout));
		ExecutionOwner justTooLate = new ExecutionOwner(1, "node-a", 4242, PROCESS_START,
				NOW.minus(timeout).minusMillis(1));

		assertThat(justInTime.presumedGone("node-a", NOW, OWNER_RUNS, timeout)).isFalse();
		assertThat(justTooLate.presumedGone("node-a", NOW, OWNER_RUNS, timeout)).isTrue();
		assertThat(justTooLate.judge("node-a", NOW, OWNER_RUNS, timeout))
			.as("the manual recover stays conservative: a running pid is alive")
			.isEqualTo(Liveness.ALIVE);
	}

	@Test
	void anOwnerWhoseProcessIsGoneIsPresumedGoneWhateverItsHeartbeat() {
		ExecutionOwner owner = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW);

		assertThat(owner.presumedGone("node-a", NOW, NOTHING_RUNS, TIMEOUT)).isTrue();
		assertThat(owner.presumedGone("node-a", NOW, OWNER_RUNS, TIMEOUT)).isFalse();
	}

	@Test
	void anOwnerOnAnotherHostIsPresumedGoneOnBothSidesOfTheTimeoutAsItsHeartbeatSays() {
		Duration timeout = Duration.ofSeconds(4);
		ExecutionOwner fresh = new ExecutionOwner(1, "node-b", 4242, PROCESS_START, NOW.minusSeconds(3));
		ExecutionOwner silent = new ExecutionOwner(1, "node-b", 4242, PROCESS_START, NOW.minusSeconds(5));

		// a pid of the same number running here says nothing about node-b
		assertThat(fresh.presumedGone("node-a", NOW, OWNER_RUNS, timeout)).isFalse();
		assertThat(silent.presumedGone("node-a", NOW, OWNER_RUNS, timeout)).isTrue();
	}

}
