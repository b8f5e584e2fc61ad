package org.bookinglifecycle;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring application of the suite: jobs, job repository and database access. It knows
 * no command: the job operations boot it on the database the caller chose, and the
 * {@code main} lives with the command line
 * ({@code org.bookinglifecycle.cli.LifecycleCli}).
 */
@SpringBootApplication
public class BookingLifecycleApplication {

}
