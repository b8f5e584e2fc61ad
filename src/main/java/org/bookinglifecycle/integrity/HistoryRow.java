package org.bookinglifecycle.integrity;

import org.bookinglifecycle.domain.BookingSnapshot;

/**
 * A {@code booking_history} row as the check reads it: its id, the hash stored with it,
 * and the fields the hash covers.
 *
 * @param id the history row's id
 * @param storedHash {@code data_hash} as stored, or {@code null}
 * @param snapshot the business fields
 */
record HistoryRow(long id, String storedHash, BookingSnapshot snapshot) {

}
