/**
 * The ops CLI (picocli): run, restart, stop, abandon, recover and inspect jobs, migrate,
 * seed, demo and status, with the exit codes of
 * {@link org.bookinglifecycle.ops.ExitCodes}.
 */
package org.bookinglifecycle.ops;
