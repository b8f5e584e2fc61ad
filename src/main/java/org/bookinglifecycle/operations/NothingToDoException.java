package org.bookinglifecycle.operations;

/**
 * The execution named is not in a state for what was asked (restart of a completed one,
 * stop of a finished one...): exit code 4 with the reason.
 */
public class NothingToDoException extends RuntimeException {

	public NothingToDoException(String message) {
		super(message);
	}

}
