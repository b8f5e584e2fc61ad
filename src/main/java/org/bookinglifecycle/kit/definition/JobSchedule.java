package org.bookinglifecycle.kit.definition;

import org.bookinglifecycle.kit.definition.JobSchedule;

/**
 * When a job runs, from the {@code schedule:} block of its definition: a cron of its own
 * (in the schedule's time zone), or a place in a chain right after another job. Checked
 * when the definitions are loaded; the scheduler fires from it, {@code demo} orders the
 * nightly chain by it.
 *
 * @param cron a Quartz cron expression (seconds first), or {@code null} for a chained job
 * @param timeZone the zone the cron is read in (and the night's {@code asOf} taken in)
 * @param after the job this one follows in the chain, or {@code null}
 * @param enabled whether the scheduler fires it
 */
public record JobSchedule(String cron, String timeZone, String after, boolean enabled) {

}
