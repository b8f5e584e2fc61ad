package org.bookinglifecycle.db;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * The application name of the suite's database sessions: {@code booking-lifecycle
 * PID.START@HOST} (START: the process's start, epoch seconds in base 36), so that ops see
 * in {@code pg_stat_activity} which process holds a session, and fencing a presumed-dead
 * owner of an execution can end exactly that process's sessions, never those of a later
 * process with the same pid on the same host (every container's java is pid 1).
 */
public final class SessionNames {

	/** What every session name of the suite starts with. */
	public static final String PREFIX = "booking-lifecycle";

	/** PostgreSQL keeps the first 63 bytes of an application name. */
	private static final int MAX_LENGTH = 63;

	private SessionNames() {
	}

	/**
	 * This machine's host name, as recorded for owners of executions.
	 * @return the host name
	 */
	public static String localHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/**
	 * The session name of a process, as PostgreSQL shows it.
	 * @param pid the process id
	 * @param started when it started, or {@code null} if unknown
	 * @param host its host name
	 * @return the name, cut to what PostgreSQL keeps
	 */
	public static String of(long pid, Instant started, String host) {
		String name = PREFIX + " " + pid + "." + ((started != null) ? Long.toString(started.getEpochSecond(), 36) : "0")
				+ "@" + host;
		return (name.length() > MAX_LENGTH) ? name.substring(0, MAX_LENGTH) : name;
	}

	/**
	 * The session name of this process.
	 * @return the name
	 */
	public static String thisProcess() {
		return of(ProcessHandle.current().pid(), ProcessHandle.current().info().startInstant().orElse(null),
				localHost());
	}

}
