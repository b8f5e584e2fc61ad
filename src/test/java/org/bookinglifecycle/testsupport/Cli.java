package org.bookinglifecycle.testsupport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.bookinglifecycle.cli.LifecycleCli;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.JobDefinitions;

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
	 * Run a command with one job file of {@code jobs/} edited, as ops would with a copy
	 * in their own jobs directory ({@code lifecycle.jobs.dir}), set for this call only.
	 * @param file the file's name, e.g. {@code maintain-partitions.yml}
	 * @param edit what to change in the packaged text
	 * @param args the command line
	 * @return exit code and output
	 */
	public Result runWithJobFile(String file, UnaryOperator<String> edit, String... args) {
		try {
			Path jobs = Files.createTempDirectory("jobs");
			Files.writeString(jobs.resolve(file), edit.apply(Files.readString(Path.of("jobs", file))));
			System.setProperty(JobDefinitions.DIRECTORY_PROPERTY, jobs.toString());
			try {
				return run(args);
			}
			finally {
				System.clearProperty(JobDefinitions.DIRECTORY_PROPERTY);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
