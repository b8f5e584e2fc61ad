/**
 * One-off backfills for a database that already holds years of history: audit trail
 * references and hashes on booking_history, retention tiers on audit_logs. Partitioned
 * over id ranges.
 */
package org.bookinglifecycle.backfill;
