package org.bookinglifecycle.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs (or ran) a job execution, as recorded when it started, and two
 * judgements whether that process is still alive. {@link #judge} is the conservative one
 * of the manual {@code recover}: on the same host by its pid and process start time (a
 * reused pid is not mistaken for the owner), on another host by its heartbeat.
 * {@link #presumedGone} is the one of automatic recovery: also a live pid whose heartbeat
 * is silent (a stopped or frozen process) is presumed gone, which is safe only because
 * recovery fences the old owner.
 *
 * @param jobExecutionId the execution
 * @param host the owner's host name
 * @param pid the owner's process id
 * @param processStartedAt when the owner process started, if known
 * @param heartbeatAt the owner's last heartbeat
 */
public record ExecutionOwner(long jobExecutionId, String host, long pid, Instant processStartedAt,
		Instant heartbeatAt) {

	/** What {@code recover} concludes about an owner. */
	public enum Liveness {

		/** The owner process is running: the execution must not be touched. */
		ALIVE,
		/**
		 * The owner process is gone: the execution can be marked FAILED and restarted.
		 */
		GONE

	}

	/** Looks up a process on this host: its start time if it is running. */
	@FunctionalInterface
	public interface ProcessLookup {

		/**
		 * The start time of a running process.
		 * @param pid the process id
		 * @return its start instant (empty instant if unknown) when running, empty
		 * otherwise
		 */
		Optional<Optional<Instant>> startOfRunning(long pid);

		/** The processes of this machine, through {@link ProcessHandle}. */
		ProcessLookup LOCAL = (pid) -> ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.map((handle) -> handle.info().startInstant());

	}

	/**
	 * Whether the owner is still alive, seen from {@code localHost} at {@code now}: on
	 * this host a running process is alive whatever its heartbeat.
	 * @param localHost this machine's host name
	 * @param now the current time
	 * @param processes the processes of this machine
	 * @param heartbeatTimeout how long another host's owner may stay silent
	 * @return the judgement
	 */
	public Liveness judge(String localHost, Instant now, ProcessLookup processes, Duration heartbeatTimeout) {
		if (this.host.equals(localHost)) {
			Optional<Optional<Instant>> running = processes.startOfRunning(this.pid);
			if (running.isEmpty()) {
				return Liveness.GONE;
			}
			Optional<Instant> started = running.get();
			if (started.isPresent() && this.processStartedAt != null
					&& Duration.between(started.get(), this.processStartedAt)
						.abs()
						.compareTo(Duration.ofSeconds(2)) > 0) {
				return Liveness.GONE; // the pid was reused by another process
			}
			return Liveness.ALIVE;
		}
		return silent(now, heartbeatTimeout) ? Liveness.GONE : Liveness.ALIVE;
	}

	/**
	 * Whether automatic recovery may take the execution from its owner: its process is
	 * gone from this host (by pid and start time), or its heartbeat is older than the
	 * timeout, on any host (a process stopped with SIGSTOP, frozen in a long pause, or
	 * cut off from the database has a live pid and a silent heartbeat).
	 * @param localHost this machine's host name
	 * @param now the current time
	 * @param processes the processes of this machine
	 * @param heartbeatTimeout how long an owner may stay silent
	 * @return whether the owner is presumed gone
	 */
	public boolean presumedGone(String localHost, Instant now, ProcessLookup processes, Duration heartbeatTimeout) {
		return silent(now, heartbeatTimeout) || judge(localHost, now, processes, heartbeatTimeout) == Liveness.GONE;
	}

	private boolean silent(Instant now, Duration heartbeatTimeout) {
		return Duration.between(this.heartbeatAt, now).compareTo(heartbeatTimeout) > 0;
	}

	/**
	 * Who the owner is, for messages.
	 * @return host and pid
	 */
	public String describe() {
		return "pid " + this.pid + " on " + this.host + ", last heartbeat " + this.heartbeatAt;
	}

}
