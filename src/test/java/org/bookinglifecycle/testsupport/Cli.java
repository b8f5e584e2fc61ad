package org.bookinglifecycle.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.cli.LifecycleCli;
import org.bookinglifecycle.db.DatabaseTarget;

/**
 * Runs the ops CLI in this JVM against a test database, capturing its exit code and
 * output.
 */
public final class Cli {

	private final DatabaseTarget database;

	public Cli(DatabaseTarget database) {
		this.database = database;
	}

	/**
	 * Run a command with {@code --db-url} of the test database appended.
	 * @param args the command line
	 * @return exit code and output
	 */
	public Result run(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		// `jobs` needs no database and takes no database options
		if (!all.contains("--help") && !all.get(0).equals("jobs") && this.database != null) {
			all.add("--db-url");
			all.add(this.database.url());
		}
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = LifecycleCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
		return new Result(exit, out.toString(), err.toString());
	}

	/**
	 * What a command did.
	 *
	 * @param exit the exit code
	 * @param out standard output
	 * @param err standard error
	 */
	public record Result(int exit, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exit + "\n--- out\n" + this.out + "--- err\n" + this.err;
		}

	}

}
