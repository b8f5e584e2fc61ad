/**
 * booking-lifecycle: Spring Batch jobs that keep a booking platform's PostgreSQL small,
 * fast, auditable and compliant.
 */
package org.bookinglifecycle;
