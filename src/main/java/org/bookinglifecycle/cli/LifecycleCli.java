package org.bookinglifecycle.cli;

import java.io.PrintWriter;

import org.bookinglifecycle.db.EmbeddedDatabaseBusyException;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.operations.NothingToDoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The ops command line: {@code java -jar target/booking-lifecycle.jar <command>}. Parses
 * and validates before anything starts, so {@code --help} and bad usage are instant and
 * touch no database; maps failures to the exit codes of {@link ExitCodes} with one clear
 * line, never a stack trace or row data.
 */
@Command(name = "booking-lifecycle", mixinStandardHelpOptions = true, version = "booking-lifecycle 0.1.0",
		description = "Keeps a booking platform's PostgreSQL small, fast, auditable and compliant.",
		subcommands = { DemoCommand.class, SeedCommand.class, MigrateCommand.class, JobsCommand.class, RunCommand.class,
				ExecutionsCommand.class, ShowCommand.class, RestartCommand.class, StopCommand.class, BenchCommand.class,
				AbandonCommand.class, RecoverCommand.class, StatusCommand.class, ScheduleCommand.class,
				ErasureReceiptCommand.class },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:completed", "1:failed", "2:bad usage", "3:stopped (restartable)", "4:nothing to restart" })
public class LifecycleCli {

	private static final Logger logger = LoggerFactory.getLogger(LifecycleCli.class);

	/**
	 * The jar's entry point.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Run a command with the process's standard output and error.
	 * @param args the command line
	 * @return the exit code
	 */
	public static int run(String... args) {
		return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	/**
	 * Run a command, printing to the given writers.
	 * @param out where results go
	 * @param err where problems go
	 * @param args the command line
	 * @return the exit code
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new LifecycleCli());
		ExtraCommands.register(commandLine);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			int code = exitCode(ex);
			cmd.getErr().println(message(ex));
			cmd.getErr().flush();
			if (code == ExitCodes.FAILED) {
				logger.debug("Command failed", ex);
			}
			return code;
		});
		return commandLine.execute(args);
	}

	static int exitCode(Throwable ex) {
		if (ex instanceof BadUsageException || badSetting(ex) != null || badUsage(ex) != null) {
			return ExitCodes.USAGE;
		}
		if (ex instanceof NothingToDoException) {
			return ExitCodes.NOTHING_TO_DO;
		}
		return ExitCodes.FAILED;
	}

	static String message(Throwable ex) {
		BindException setting = badSetting(ex);
		if (setting != null && setting.getProperty() != null) {
			Throwable cause = setting.getCause();
			while (cause != null && cause.getCause() != null) {
				cause = cause.getCause();
			}
			return "Invalid setting " + setting.getProperty().getName() + " = '" + setting.getProperty().getValue()
					+ "' (" + setting.getProperty().getOrigin() + "): "
					+ ((cause != null) ? ExecutionReport.firstLine(cause.getMessage()) : "not allowed") + ".";
		}
		if (ex instanceof BadUsageException || ex instanceof NothingToDoException
				|| ex instanceof EmbeddedDatabaseBusyException) {
			return ex.getMessage();
		}
		if (badUsage(ex) != null) {
			// a suite-settings file found bad while the context started
			// (notifications.yml)
			return badUsage(ex).getMessage();
		}
		return "failed: " + ExecutionReport.firstLine(ex.getMessage());
	}

	/**
	 * A bad usage found while the Spring context started (a bean that checks its
	 * settings), if that is the cause.
	 */
	private static BadUsageException badUsage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BadUsageException bad) {
				return bad;
			}
		}
		return null;
	}

	/**
	 * A job definition ({@code jobs/*.yml}) with a value of the wrong type, if that is
	 * the cause.
	 */
	private static BindException badSetting(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				return bind;
			}
		}
		return null;
	}

}
