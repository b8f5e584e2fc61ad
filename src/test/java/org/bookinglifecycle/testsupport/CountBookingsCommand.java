package org.bookinglifecycle.testsupport;

import org.bookinglifecycle.kit.ExtraCommand;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A command added the way a job package adds one (legal holds, receipts...), on the test
 * classpath only: proves the CLI finds and runs extra commands it does not name.
 */
@Command(name = "count-bookings", mixinStandardHelpOptions = true, description = "Count the active bookings.")
public class CountBookingsCommand implements ExtraCommand {

	@Option(names = "--status", description = "only bookings in this status")
	String status;

	@Override
	public int run(Context context) {
		long count = context.bean(JdbcTemplate.class)
			.queryForObject("SELECT count(*) FROM bookings WHERE CAST(? AS TEXT) IS NULL OR booking_status = ?",
					Long.class, this.status, this.status);
		context.out().line("bookings: %d", count);
		return 0;
	}

}
