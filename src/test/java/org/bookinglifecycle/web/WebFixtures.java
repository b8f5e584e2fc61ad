package org.bookinglifecycle.web;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data the page tests look at: a small seeded platform, two guests whose name, email,
 * phone and IP address are known (so a test can look for them on every page), and a few
 * nights run through the job operations: an archive, a verify that completed, a verify
 * that failed (its table renamed away meanwhile) and a dry run.
 */
final class WebFixtures {

	static final String GUEST_NAME = "Zebulon Quarrington";

	static final String GUEST_EMAIL = "zebulon.quarrington@example.test";

	static final String GUEST_PHONE = "+44 7700 900123";

	static final String GUEST_IP = "203.0.113.77";

	static final String OTHER_NAME = "Philippa Vandermolen";

	static final String OTHER_EMAIL = "p.vandermolen@example.test";

	private WebFixtures() {
	}

	static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource()).seed(PlatformSeeder.Options.of(300, 2, 13, LocalDate.now()));
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		LocalDate today = LocalDate.now();
		// one to archive tonight, one still active; their audit rows carry the IP and the
		// name
		insertGuest(jdbc, 9_000_001L, GUEST_NAME, GUEST_EMAIL, "completed", today.minusDays(60));
		insertGuest(jdbc, 9_000_002L, OTHER_NAME, OTHER_EMAIL, "confirmed", today.plusDays(20));
		return database;
	}

	private static void insertGuest(JdbcTemplate jdbc, long id, String name, String email, String status,
			LocalDate checkOut) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, guest_email, guest_phone, hotel_id,"
				+ " room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " special_requests) VALUES (?, ?, ?, ?, ?, 7, 'suite', ?, ?, ?, 'paid', 420.00, 'EUR', ?)", id,
				"KNOWN-" + id, name, email, GUEST_PHONE, checkOut.minusDays(3), checkOut, status,
				"call " + name + " on " + GUEST_PHONE);
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address,"
				+ " created_at) VALUES (1, 'BOOKING_CREATED', 'booking', ?, CAST(? AS JSONB), ?, now() - interval '70 days')",
				id, "{\"guest_name\": \"" + name + "\", \"guest_email\": \"" + email + "\"}", GUEST_IP);
	}

	/**
	 * The nights the page shows.
	 * @param operations the daemon's job operations
	 * @param jdbc the database
	 * @return the failed verify's execution
	 */
	static long runNights(JobOperations operations, JdbcTemplate jdbc) {
		String today = LocalDate.now().toString();
		operations.run("archive-bookings",
				operations.parameters("archive-bookings", List.of("asOf=" + today, "chunkSize=50"), false));
		operations.run("verify-integrity", operations.parameters("verify-integrity", List.of("asOf=" + today), false));
		operations.run("maintain-partitions",
				operations.parameters("maintain-partitions", List.of("asOf=" + today), true));
		return failedVerify(operations, jdbc, LocalDate.now().minusDays(1));
	}

	/**
	 * A verify-integrity night that fails: its table is renamed away while it runs.
	 * @param operations the daemon's job operations
	 * @param jdbc the database
	 * @param asOf the night
	 * @return the failed execution
	 */
	static long failedVerify(JobOperations operations, JdbcTemplate jdbc, LocalDate asOf) {
		jdbc.execute("ALTER TABLE booking_history RENAME TO booking_history_away");
		JobExecution failed;
		try {
			failed = operations.run("verify-integrity",
					operations.parameters("verify-integrity", List.of("asOf=" + asOf), false));
		}
		finally {
			jdbc.execute("ALTER TABLE booking_history_away RENAME TO booking_history");
		}
		return failed.getId();
	}

}
