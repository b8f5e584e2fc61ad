/**
 * A deterministic, realistic platform history for demos, tests and benchmarks: bookings
 * in every status, guest personal data, audit trails with personal data in their JSON
 * payloads, the legacy history the platform archived before the suite, and the messy rows
 * real databases have. Written with COPY.
 */
package org.bookinglifecycle.ops.seed;
