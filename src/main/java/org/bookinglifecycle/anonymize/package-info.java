/**
 * {@code anonymize-guests}: guest personal data masked once the stay is older than the
 * limit, in booking_history and in every audit row of the booking, by the rules of
 * {@code jobs/anonymize-guests.yml}.
 */
package org.bookinglifecycle.anonymize;
