package org.bookinglifecycle.kit;

/**
 * A command a job package adds to the command line (legal holds, erasure receipts, the
 * outbox...): a picocli {@code @Command} class in the job's package implementing this,
 * found on the classpath by the CLI without a database (so {@code --help} lists it
 * instantly) and run with the database options every command takes. The CLI knows no such
 * command by name.
 */
public interface ExtraCommand {

	/**
	 * Do the command's work, once its options are parsed and the database is open.
	 * @param context the beans of the suite and where to print
	 * @return the exit code (0 done, 1 failed, 2 bad usage, 4 nothing to do)
	 */
	int run(Context context);

	/** What an extra command works with. */
	interface Context {

		/**
		 * A bean of the suite's Spring context (a JdbcTemplate, a job package's own
		 * service...).
		 * @param <T> its type
		 * @param type its type
		 * @return the bean
		 */
		<T> T bean(Class<T> type);

		/**
		 * Where results go.
		 * @return the output
		 */
		OpsOutput out();

	}

}
