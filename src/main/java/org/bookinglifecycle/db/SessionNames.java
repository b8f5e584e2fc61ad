package org.bookinglifecycle.db;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The application name of the suite's database sessions: {@code booking-lifecycle
 * PID@HOST}, so that ops see in {@code pg_stat_activity} which process holds a session,
 * and fencing a presumed-dead owner of an execution can end exactly that process's
 * sessions.
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
	 * @param host its host name
	 * @return the name, cut to what PostgreSQL keeps
	 */
	public static String of(long pid, String host) {
		String name = PREFIX + " " + pid + "@" + host;
		return (name.length() > MAX_LENGTH) ? name.substring(0, MAX_LENGTH) : name;
	}

	/**
	 * The session name of this process.
	 * @return the name
	 */
	public static String thisProcess() {
		return of(ProcessHandle.current().pid(), localHost());
	}

}
