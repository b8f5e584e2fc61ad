package org.bookinglifecycle.ops;

/**
 * The execution named is not in a state for what was asked (restart of a completed one,
 * stop of a finished one...): exit code 4 with the reason.
 */
class NothingToDoException extends RuntimeException {

	NothingToDoException(String message) {
		super(message);
	}

}
