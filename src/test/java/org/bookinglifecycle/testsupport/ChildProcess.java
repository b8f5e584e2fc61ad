package org.bookinglifecycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI in a separate JVM, for what one process cannot show about another: a crash
 * (killed with SIGKILL, no shutdown hook runs) and the ownership of an embedded database.
 */
public final class ChildProcess {

	private ChildProcess() {
	}

	/**
	 * The options of every child JVM: the heap of a job process, the client compiler only
	 * and one GC thread. A child lives for seconds, mostly starting Spring; in the test
	 * JVMs the client compiler alone halved the CPU for the same time
	 * (docs/development/testing.md), and the machine's two cores are shared with them.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	/**
	 * Start {@code booking-lifecycle ARGS} in a new JVM on the test classpath.
	 * @param args the command line
	 * @return the process; its output goes to a temporary file
	 */
	public static Process start(String... args) {
		return start(logFile(), args);
	}

	/**
	 * Start {@code booking-lifecycle ARGS} in a new JVM on the test classpath.
	 * @param log where its output goes
	 * @param args the command line
	 * @return the process
	 */
	public static Process start(Path log, String... args) {
		return start(null, log, args);
	}

	/**
	 * Start {@code booking-lifecycle ARGS} in a new JVM on the test classpath, in a
	 * working directory of its own.
	 * @param directory its working directory, or {@code null} for this one
	 * @param log where its output goes
	 * @param args the command line
	 * @return the process
	 */
	public static Process start(Path directory, Path log, String... args) {
		return start(directory, List.of(), log, args);
	}

	/**
	 * Start {@code booking-lifecycle ARGS} in a new JVM on the test classpath, with
	 * system properties of its own ({@code -Dlifecycle.owner.heartbeat-interval=PT1S}).
	 * @param directory its working directory, or {@code null} for this one
	 * @param jvmOptions options of the JVM, before the main class
	 * @param log where its output goes
	 * @param args the command line
	 * @return the process
	 */
	public static Process start(Path directory, List<String> jvmOptions, Path log, String... args) {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classpath, "org.bookinglifecycle.cli.LifecycleCli"));
		command.addAll(List.of(args));
		try {
			return new ProcessBuilder(command).directory((directory != null) ? directory.toFile() : null)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start {@code booking-lifecycle ARGS} in a new JVM with changes to its environment.
	 * @param environment variables to set; a {@code null} value removes the variable
	 * @param log where its output goes
	 * @param args the command line
	 * @return the process
	 */
	public static Process startWithEnvironment(java.util.Map<String, String> environment, Path log, String... args) {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-cp", classpath, "org.bookinglifecycle.cli.LifecycleCli"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		environment.forEach((name, value) -> {
			if (value == null) {
				builder.environment().remove(name);
			}
			else {
				builder.environment().put(name, value);
			}
		});
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A fresh file for a child's output.
	 * @return its path
	 */
	public static Path logFile() {
		try {
			return Files.createTempFile("lifecycle-child", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
