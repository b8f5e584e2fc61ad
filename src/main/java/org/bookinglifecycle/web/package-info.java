/**
 * The web ops page the schedule daemon serves on its port: overview, executions,
 * schedules and the operators' actions, behind a login with two roles; it reaches jobs
 * only through {@code org.bookinglifecycle.operations} (and the schedule's triggers),
 * never the CLI.
 */
package org.bookinglifecycle.web;
