/**
 * verify-integrity: checks that {@code booking_history} is what the suite wrote (its
 * {@code data_hash}) and records what is not in {@code integrity_findings}.
 */
package org.bookinglifecycle.integrity;
