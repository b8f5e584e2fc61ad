package org.bookinglifecycle.cli;

import java.util.concurrent.Callable;

import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the database: opens it (embedded or {@code --db-url}) for the
 * length of the command and closes it after, whatever happens.
 */
abstract class DatabaseCommand implements Callable<Integer> {

	@Mixin
	DatabaseOptions database;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		Console console = new Console(this.spec.commandLine().getOut(), this.spec.commandLine().getErr());
		try (LifecycleRuntime runtime = new LifecycleRuntime(this.database.choice())) {
			return execute(runtime, console);
		}
	}

	/**
	 * Do the command's work.
	 * @param runtime the database and jobs
	 * @param console where to print
	 * @return the exit code
	 */
	abstract int execute(LifecycleRuntime runtime, Console console);

}
