/**
 * A deterministic, realistic platform history (bookings, legacy booking_history, audit
 * trails, messy rows) written with COPY, for the demo, the bench and the tests.
 */
package org.bookinglifecycle.lab.seed;
