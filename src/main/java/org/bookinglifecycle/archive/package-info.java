/**
 * archive-bookings: moves finished bookings from {@code bookings} into
 * {@code booking_history} by the rules of {@code jobs/archive-bookings.yml}, one
 * set-based statement per chunk.
 */
package org.bookinglifecycle.archive;
