/**
 * What two or more jobs truly share: parameter specs and parsing, chunk pacing, progress,
 * execution ownership, the data hash.
 */
package org.bookinglifecycle.support;
