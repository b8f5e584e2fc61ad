package org.bookinglifecycle.kit.definition;

import org.bookinglifecycle.kit.definition.BadUsageException;

/**
 * A request that cannot be carried out as asked (unknown job, malformed or missing
 * parameter, value out of range). Raised before any work is done; the CLI turns it into
 * exit code 2 and prints the message, which names what is wrong and what is allowed.
 */
public class BadUsageException extends RuntimeException {

	public BadUsageException(String message) {
		super(message);
	}

}
