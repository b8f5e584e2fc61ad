package org.bookinglifecycle.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.FixedToday;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data the page tests look at: a small seeded platform, two guests whose name, email,
 * phone and IP address are known (so a test can look for them on every page), and a few
 * nights run through the job operations: an archive, a verify that completed, a verify
 * that failed (its table renamed away meanwhile) and a dry run. Every date is relative to
 * {@link #TODAY}, the daemons' today too, so nothing straddles midnight.
 */
final class WebFixtures {

	/**
	 * The day of the fixtures and expectations, and today for every daemon and CLI
	 * command of the page tests ({@link FixedToday}): a run across midnight keeps it.
	 */
	static final LocalDate TODAY = LocalDate.now();

	static final String GUEST_NAME = "Zebulon Quarrington";

	static final String GUEST_EMAIL = "zebulon.quarrington@example.test";

	static final String GUEST_PHONE = "+44 7700 900123";

	static final String GUEST_IP = "203.0.113.77";

	static final String OTHER_NAME = "Philippa Vandermolen";

	static final String OTHER_EMAIL = "p.vandermolen@example.test";

	/** The guest whose data is exported and then erased by {@link #guestJobs}. */
	static final String THIRD_NAME = "Ottoline Fairweather-Brisk";

	static final String THIRD_EMAIL = "ottoline.fb@example.test";

	private WebFixtures() {
	}

	static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource()).seed(PlatformSeeder.Options.of(300, 2, 13, TODAY));
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// one to archive tonight, one still active; their audit rows carry the IP and the
		// name
		insertGuest(jdbc, 9_000_001L, GUEST_NAME, GUEST_EMAIL, "completed", TODAY.minusDays(60));
		insertGuest(jdbc, 9_000_002L, OTHER_NAME, OTHER_EMAIL, "confirmed", TODAY.plusDays(20));
		return database;
	}

	private static void insertGuest(JdbcTemplate jdbc, long id, String name, String email, String status,
			LocalDate checkOut) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, guest_email, guest_phone, hotel_id,"
				+ " room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " special_requests) VALUES (?, ?, ?, ?, ?, 7, 'suite', ?, ?, ?, 'paid', 420.00, 'EUR', ?)", id,
				"KNOWN-" + id, name, email, GUEST_PHONE, checkOut.minusDays(3), checkOut, status,
				"call " + name + " on " + GUEST_PHONE);
		jdbc.update(
				"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address,"
						+ " created_at) VALUES (1, 'BOOKING_CREATED', 'booking', ?, CAST(? AS JSONB), ?, ?)",
				id, "{\"guest_name\": \"" + name + "\", \"guest_email\": \"" + email + "\"}", GUEST_IP,
				TODAY.minusDays(70).atTime(12, 0));
	}

	/**
	 * The nights the page shows.
	 * @param operations the daemon's job operations
	 * @param jdbc the database
	 * @return the failed verify's execution
	 */
	static long runNights(JobOperations operations, JdbcTemplate jdbc) {
		String today = TODAY.toString();
		operations.run("archive-bookings",
				operations.parameters("archive-bookings", List.of("asOf=" + today, "chunkSize=50"), false));
		operations.run("verify-integrity", operations.parameters("verify-integrity", List.of("asOf=" + today), false));
		operations.run("maintain-partitions",
				operations.parameters("maintain-partitions", List.of("asOf=" + today), true));
		return failedVerify(operations, jdbc, TODAY.minusDays(1));
	}

	/**
	 * Guest jobs run as ops run them, with the CLI on the database: an erase-guest
	 * refused (the guest {@link #OTHER_NAME} has a stay not finished) that ends FAILED,
	 * and for a third guest, archived 100 days after check-out, an export-guest to a
	 * temporary file and an erase-guest, both COMPLETED (the erasure with its receipt).
	 * @param database the database
	 * @param jdbc the database
	 * @return the executions
	 */
	static GuestJobs guestJobs(DatabaseTarget database, JdbcTemplate jdbc) {
		Cli cli = new Cli(database);
		String asOf = "asOf=" + TODAY;
		Cli.Result refused = FixedToday.on(TODAY,
				() -> cli.run("run", "erase-guest", "bookingReference=KNOWN-9000002", asOf));
		assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
		GuestFixtures.stayWithTrail(jdbc, 9_000_301L, TODAY.minusDays(100), THIRD_NAME, THIRD_EMAIL, GUEST_PHONE);
		Path file;
		try {
			file = Files.createTempDirectory("web-export").resolve("request-9000301.json");
			Cli.Result export = FixedToday.on(TODAY,
					() -> cli.run("run", "export-guest", "bookingReference=LIMIT-9000301", "file=" + file, asOf));
			assertThat(export.exit()).as(export.toString()).isEqualTo(ExitCodes.COMPLETED);
			Files.delete(file);
			Files.delete(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Cli.Result erased = FixedToday.on(TODAY,
				() -> cli.run("run", "erase-guest", "bookingReference=LIMIT-9000301", asOf));
		assertThat(erased.exit()).as(erased.toString()).isEqualTo(ExitCodes.COMPLETED);
		return new GuestJobs(last(jdbc, "erase-guest", "FAILED"), last(jdbc, "erase-guest", "COMPLETED"),
				last(jdbc, "export-guest", "COMPLETED"));
	}

	private static long last(JdbcTemplate jdbc, String job, String status) {
		return jdbc.queryForObject(
				"SELECT max(e.job_execution_id) FROM batch_job_execution e"
						+ " JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = ? AND e.status = ?",
				Long.class, job, status);
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

	/**
	 * The guest jobs' executions of {@link #guestJobs}.
	 *
	 * @param failedErasure the erase-guest refused, FAILED (restartable)
	 * @param erasure the erase-guest COMPLETED, with its receipt
	 * @param export the export-guest COMPLETED
	 */
	record GuestJobs(long failedErasure, long erasure, long export) {

	}

}
