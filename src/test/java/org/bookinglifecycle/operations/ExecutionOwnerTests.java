package org.bookinglifecycle.operations;

import java.time.Instant;
import java.util.Optional;

import org.bookinglifecycle.operations.ExecutionOwner.Liveness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionOwnerTests {

	private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

	private static final Instant PROCESS_START = Instant.parse("2026-11-25T01:00:00Z");

	@Test
	void ownerOnThisHostIsAliveWhileItsProcessRuns() {
		ExecutionOwner owner = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW.minusSeconds(3600));

		assertThat(owner.judge("node-a", NOW, (pid) -> Optional.of(Optional.of(PROCESS_START))))
			.isEqualTo(Liveness.ALIVE);
		assertThat(owner.judge("node-a", NOW, (pid) -> Optional.empty())).isEqualTo(Liveness.GONE);
	}

	@Test
	void reusedPidIsNotTakenForTheOwner() {
		ExecutionOwner owner = new ExecutionOwner(1, "node-a", 4242, PROCESS_START, NOW);

		assertThat(owner.judge("node-a", NOW, (pid) -> Optional.of(Optional.of(PROCESS_START.plusSeconds(600)))))
			.isEqualTo(Liveness.GONE);
	}

	@Test
	void ownerOnAnotherHostIsJudgedByItsHeartbeat() {
		ExecutionOwner fresh = new ExecutionOwner(1, "node-b", 4242, PROCESS_START, NOW.minusSeconds(30));
		ExecutionOwner silent = new ExecutionOwner(1, "node-b", 4242, PROCESS_START,
				NOW.minus(ExecutionOwner.HEARTBEAT_TIMEOUT).minusSeconds(1));

		assertThat(fresh.judge("node-a", NOW, (pid) -> Optional.empty())).isEqualTo(Liveness.ALIVE);
		assertThat(silent.judge("node-a", NOW, (pid) -> Optional.of(Optional.empty()))).isEqualTo(Liveness.GONE);
	}

}
