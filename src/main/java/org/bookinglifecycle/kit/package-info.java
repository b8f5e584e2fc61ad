/**
 * The job kit every job is built with: job definitions and specs, one typed parameters
 * object per run, builders for the dry-run flow and the chunked (and partitioned) step,
 * keyset readers, pacing, progress, counters and summaries, metrics, and the extension
 * points through which a job adds to {@code status}, {@code show} and the command line.
 */
package org.bookinglifecycle.kit;
