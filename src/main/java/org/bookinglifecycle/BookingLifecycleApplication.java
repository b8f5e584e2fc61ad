package org.bookinglifecycle;

import org.bookinglifecycle.ops.LifecycleCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring application behind the ops CLI: jobs, job repository and database access.
 * The command line decides which database to use before this context starts, so
 * {@code --help} and bad usage never touch a database.
 */
@SpringBootApplication
public class BookingLifecycleApplication {

	public static void main(String[] args) {
		System.exit(LifecycleCli.run(args));
	}

}
