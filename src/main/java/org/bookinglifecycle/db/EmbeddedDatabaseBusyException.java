package org.bookinglifecycle.db;

import java.nio.file.Path;

/**
 * Another process owns the embedded database directory: two postmasters on one data
 * directory would corrupt it, so the second command stops here with this explanation.
 */
public class EmbeddedDatabaseBusyException extends RuntimeException {

	public EmbeddedDatabaseBusyException(Path home, String owner) {
		super("The embedded database in " + home.resolve("pgdata") + " is in use by another booking-lifecycle process ("
				+ owner
				+ "). Wait for it to finish, or point --db-url at a shared PostgreSQL to run commands side by side.");
	}

}
