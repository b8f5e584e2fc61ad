/**
 * The lab: the bench engine that measures a job against its set-based statement, the
 * platform simulator, and (in {@code seed}) the generator of realistic platform data.
 */
package org.bookinglifecycle.lab;
