package org.bookinglifecycle.notify;

/**
 * A channel's refusal, as recorded in {@code last_error}: a status code, never a body.
 */
class DeliveryFailedException extends Exception {

	DeliveryFailedException(String message) {
		super(message);
	}

}
