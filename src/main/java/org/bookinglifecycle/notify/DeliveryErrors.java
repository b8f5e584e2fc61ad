package org.bookinglifecycle.notify;

import java.util.Collection;

/**
 * What a failed delivery records and logs: the exception's class and the first line of
 * its message, with the channel's secrets and any email address taken out, at most 300
 * characters; never the message sent.
 */
final class DeliveryErrors {

	private static final int LIMIT = 300;

	private DeliveryErrors() {
	}

	/**
	 * The error of a failed attempt.
	 * @param failure what the channel threw
	 * @param secrets the channel's secrets, removed from the text
	 * @return the text for {@code last_error}
	 */
	static String describe(Throwable failure, Collection<String> secrets) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = (failure instanceof DeliveryFailedException) ? failure.getMessage()
				: failure.getClass().getSimpleName() + ((root != failure)
						? " (" + root.getClass().getSimpleName()
								+ ((root.getMessage() != null) ? ": " + firstLine(root.getMessage()) : "") + ")"
						: ((failure.getMessage() != null) ? ": " + firstLine(failure.getMessage()) : ""));
		for (String secret : secrets) {
			if (secret != null && !secret.isEmpty()) {
				text = text.replace(secret, "***");
			}
		}
		text = text.replaceAll("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+", "<address>");
		return (text.length() > LIMIT) ? text.substring(0, LIMIT) : text;
	}

	private static String firstLine(String message) {
		return message.lines().findFirst().orElse("").strip();
	}

}
