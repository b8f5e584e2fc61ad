/**
 * What several jobs share about the booking platform's data: the booking snapshot and its
 * data hash, and the data policy (retention periods and tiers).
 */
package org.bookinglifecycle.domain;
