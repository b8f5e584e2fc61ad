/**
 * The schedule daemon: Quartz (JDBC job store on the suite's database, clustered) fires
 * each chain of {@code jobs/*.yml} on its cron, runs the night through the job
 * operations, retries it, catches up or skips a missed night, takes over the night of a
 * lost node, stops gracefully on SIGTERM, and reports its health; it also runs the
 * {@link org.bookinglifecycle.kit.DaemonTask}s other packages declare as beans (the
 * outbox relay, the alert rules). It reaches jobs only through
 * {@code org.bookinglifecycle.operations}, never the CLI.
 */
package org.bookinglifecycle.schedule;
