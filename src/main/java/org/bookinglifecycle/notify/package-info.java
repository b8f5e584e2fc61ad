/**
 * The outbox relay: routes the events of {@code lifecycle_outbox} to the channels of
 * {@code jobs/notifications.yml} (email, Telegram, webhooks) and delivers them at least
 * once, in the schedule daemon; and the {@code outbox} command.
 */
package org.bookinglifecycle.notify;
