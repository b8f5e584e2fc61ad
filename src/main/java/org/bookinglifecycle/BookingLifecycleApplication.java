package org.bookinglifecycle;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.QuartzEndpointAutoConfiguration;

/**
 * The Spring application of the suite: jobs, job repository and database access. It knows
 * no command: the job operations boot it on the database the caller chose, and the
 * {@code main} lives with the command line
 * ({@code org.bookinglifecycle.cli.LifecycleCli}).
 */
// Quartz runs in the schedule daemon only, built there (a command never joins the
// cluster)
@SpringBootApplication(exclude = { QuartzAutoConfiguration.class, QuartzEndpointAutoConfiguration.class })
public class BookingLifecycleApplication {

}
