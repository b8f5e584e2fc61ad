/**
 * The alert rules of {@code jobs/alerts.yml}, evaluated by the schedule daemon into alert
 * states and {@code alert.firing}/{@code alert.resolved} outbox events, their meters, and
 * the {@code alerts} command.
 */
package org.bookinglifecycle.alerts;
