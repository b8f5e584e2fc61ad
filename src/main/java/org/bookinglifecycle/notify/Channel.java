package org.bookinglifecycle.notify;

/**
 * Where a delivery goes: sends one message, or throws with what went wrong (a status
 * code, an exception), never the message.
 */
interface Channel {

	/**
	 * Send one message.
	 * @param message the event
	 * @throws Exception when the channel did not take it
	 */
	void send(OutboxMessage message) throws Exception;

}
