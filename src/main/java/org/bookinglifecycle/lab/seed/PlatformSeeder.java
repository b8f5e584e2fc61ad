package org.bookinglifecycle.lab.seed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

import org.bookinglifecycle.kit.Progress;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a generated platform history into a migrated database with COPY (three streams:
 * bookings, the legacy booking_history, audit_logs), committed together at the end.
 * Bookings that the platform would have archived by hand before the suite existed
 * (finished, checked out more than {@link #LEGACY_ARCHIVE_YEARS} years before the end
 * date) go to booking_history the way the legacy system wrote them: no audit_log_ids, no
 * data_hash. Appends after the ids already present, so it can run on a database that has
 * data. Needs SELECT and INSERT on the three tables and UPDATE on their id sequences, not
 * their ownership.
 */
public final class PlatformSeeder {

	/** Finished bookings older than this were archived by the platform itself. */
	public static final int LEGACY_ARCHIVE_YEARS = 3;

	private static final List<String> TABLES = List.of("bookings", "booking_history", "audit_logs");

	private static final Set<String> FINISHED = Set.of("completed", "cancelled", "no_show");

	private static final String COPY_BOOKINGS = "COPY bookings (id, booking_reference, guest_name, guest_email, "
			+ "guest_phone, hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, "
			+ "total_amount, currency, special_requests, created_at, updated_at, cancelled_at) FROM STDIN";

	private static final String COPY_HISTORY = "COPY booking_history (id, original_booking_id, booking_reference, "
			+ "guest_name, guest_email, guest_phone, hotel_id, room_type, check_in_date, check_out_date, "
			+ "booking_status, payment_status, total_amount, currency, special_requests, booking_created_at, "
			+ "cancelled_at, archived_at, archive_reason) FROM STDIN";

	private static final String COPY_AUDIT = "COPY audit_logs (id, user_id, action, resource_type, resource_id, "
			+ "old_values, new_values, metadata, ip_address, created_at) FROM STDIN";

	/**
	 * What to seed.
	 *
	 * @param bookings how many bookings
	 * @param years how many years of history, ending at {@code until}
	 * @param seed the random seed: same options, same data
	 * @param until the last day of the history ("today" of the seeded platform)
	 */
	public record Options(long bookings, int years, long seed, LocalDate until) {

		/**
		 * Checked options.
		 * @param bookings how many bookings, 1 to 20,000,000
		 * @param years years of history, 1 to 30
		 * @param seed the random seed
		 * @param until the last day, or {@code null} for today
		 * @return the options
		 * @throws BadUsageException naming the option and what is allowed
		 */
		public static Options of(long bookings, int years, long seed, LocalDate until) {
			if (bookings < 1 || bookings > 20_000_000) {
				throw new BadUsageException("--bookings=" + bookings + " is not allowed: expected 1 to 20,000,000.");
			}
			if (years < 1 || years > 30) {
				throw new BadUsageException("--years=" + years + " is not allowed: expected 1 to 30.");
			}
			return new Options(bookings, years, seed, (until != null) ? until : LocalDate.now());
		}

	}

	/**
	 * What was written.
	 *
	 * @param activeBookings rows written to bookings
	 * @param historyRows rows written to booking_history
	 * @param auditRows rows written to audit_logs
	 * @param took how long it took
	 */
	public record Result(long activeBookings, long historyRows, long auditRows, Duration took) {

	}

	private final DataSource dataSource;

	public PlatformSeeder(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Seed the database, showing progress (bookings written, rate, ETA) as the jobs do: a
	 * bar on a terminal, a log line every few seconds otherwise. The progress starts
	 * before the bookings' creation times are generated and sorted, so a large seed is
	 * never silent.
	 * @param options what to seed
	 * @return the counts
	 * @throws IllegalStateException naming every privilege the user lacks, before
	 * anything is written
	 */
	public Result seed(Options options) {
		requirePrivileges();
		try (Progress progress = new Progress("seed bookings", options.bookings(), 0)) {
			return write(options, progress::doneSoFar);
		}
	}

	/**
	 * Seed the database.
	 * @param options what to seed
	 * @param progress told the number of bookings written so far, every 10,000 and at the
	 * end
	 * @return the counts
	 * @throws IllegalStateException naming every privilege the user lacks, before
	 * anything is written
	 */
	public Result seed(Options options, LongConsumer progress) {
		requirePrivileges();
		return write(options, progress);
	}

	/**
	 * Refuse, writing nothing, unless the user may do all that seeding does: read the
	 * last ids and insert into the three tables, and move their id sequences past the
	 * rows written. Ownership is not needed.
	 * @throws IllegalStateException naming every missing privilege and its object
	 */
	void requirePrivileges() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		List<String> missing = new ArrayList<>();
		for (String table : TABLES) {
			for (String privilege : List.of("SELECT", "INSERT")) {
				if (!jdbc.queryForObject("SELECT has_table_privilege(current_user, CAST(? AS TEXT), CAST(? AS TEXT))",
						Boolean.class, table, privilege)) {
					missing.add(privilege + " on table " + table);
				}
			}
			String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence(CAST(? AS TEXT), 'id')", String.class,
					table);
			if (sequence == null) {
				missing.add("UPDATE on the id sequence of table " + table + " (it has none)");
			}
			else if (!jdbc.queryForObject("SELECT has_sequence_privilege(current_user, CAST(? AS TEXT), 'UPDATE')",
					Boolean.class, sequence)) {
				missing.add("UPDATE on sequence " + sequence);
			}
		}
		if (!missing.isEmpty()) {
			String user = jdbc.queryForObject("SELECT current_user", String.class);
			throw new IllegalStateException("seed refused, nothing written: user '" + user + "' lacks "
					+ String.join(", ", missing) + ". Grant these (ownership is not needed) and run seed again.");
		}
	}

	private Result write(Options options, LongConsumer progress) {
		BookingGenerator generator = new BookingGenerator(options.seed(), options.until(), options.years());
		return append(generator, options.bookings(), options.until().minusYears(LEGACY_ARCHIVE_YEARS), true, progress);
	}

	/**
	 * Write {@code bookings} generated bookings with their audit events after the rows
	 * already present, in one transaction per table committed together at the end, then
	 * move the id sequences past them.
	 * @param generator the bookings' generator (their window of creation and "today")
	 * @param bookings how many
	 * @param legacyBefore finished bookings that checked out before this day go to
	 * booking_history as the legacy platform archived them
	 * @param legacyImport whether this is the legacy platform's history (audit rows
	 * without tier or expiry, the tables analyzed after) or a day of the platform as it
	 * writes now (audit rows dated by the trigger, statistics left to autovacuum)
	 * @param progress told the number of bookings written so far
	 * @return the counts
	 */
	Result append(BookingGenerator generator, long bookings, LocalDate legacyBefore, boolean legacyImport,
			LongConsumer progress) {
		long started = System.nanoTime();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		long[] created = new long[Math.toIntExact(bookings)];
		for (int i = 0; i < created.length; i++) {
			created[i] = ChronoUnit.MICROS.between(Instant.EPOCH, generator.createdAt());
		}
		Arrays.sort(created);
		long[] counts = copyRows(jdbc, generator, created, legacyBefore, legacyImport, progress);
		jdbc.execute("SELECT setval(pg_get_serial_sequence('bookings', 'id'), GREATEST((SELECT max(id) FROM bookings), "
				+ "(SELECT max(original_booking_id) FROM booking_history), 1))");
		jdbc.execute("SELECT setval(pg_get_serial_sequence('booking_history', 'id'), "
				+ "GREATEST((SELECT max(id) FROM booking_history), 1))");
		jdbc.execute(
				"SELECT setval(pg_get_serial_sequence('audit_logs', 'id'), GREATEST((SELECT max(id) FROM audit_logs), 1))");
		if (legacyImport) {
			jdbc.execute("ANALYZE bookings");
			jdbc.execute("ANALYZE booking_history");
			jdbc.execute("ANALYZE audit_logs");
		}
		return new Result(counts[0], counts[1], counts[2], Duration.ofNanos(System.nanoTime() - started));
	}

	/**
	 * The three COPY streams, committed together: returns the rows written to bookings,
	 * booking_history and audit_logs.
	 */
	private long[] copyRows(JdbcTemplate jdbc, BookingGenerator generator, long[] created, LocalDate legacyBefore,
			boolean legacyImport, LongConsumer progress) {
		long bookingId = 1 + jdbc.queryForObject("SELECT GREATEST((SELECT max(id) FROM bookings), "
				+ "(SELECT max(original_booking_id) FROM booking_history), 0)", Long.class);
		long historyId = 1 + jdbc.queryForObject("SELECT COALESCE(max(id), 0) FROM booking_history", Long.class);
		long auditId = 1 + jdbc.queryForObject("SELECT COALESCE(max(id), 0) FROM audit_logs", Long.class);
		List<Connection> connections = new ArrayList<>();
		long[] counts = new long[3];
		try {
			Connection bookingsConnection = open(connections);
			Connection historyConnection = open(connections);
			Connection auditConnection = open(connections);
			if (legacyImport) {
				markLegacy(auditConnection);
			}
			try (Writer bookings = copy(bookingsConnection, COPY_BOOKINGS);
					Writer legacy = copy(historyConnection, COPY_HISTORY);
					Writer audits = copy(auditConnection, COPY_AUDIT)) {
				CopyText row = new CopyText();
				for (int i = 0; i < created.length; i++) {
					Instant createdAt = Instant.EPOCH.plus(created[i], ChronoUnit.MICROS);
					SeedBooking booking = generator.next(bookingId++, createdAt);
					if (isLegacyArchived(booking, legacyBefore)) {
						legacy.write(historyRow(row, historyId++, booking));
						counts[1]++;
					}
					else {
						bookings.write(bookingRow(row, booking));
						counts[0]++;
					}
					for (BookingGenerator.AuditEvent event : generator.life(booking)) {
						audits.write(auditRow(row, auditId++, event));
						counts[2]++;
					}
					if (i % 2 == 0) { // technical events: one per two bookings
						audits.write(auditRow(row, auditId++, generator.systemEvent()));
						counts[2]++;
					}
					if ((i + 1) % 10_000 == 0) {
						progress.accept(i + 1);
					}
				}
			}
			for (Connection connection : connections) {
				connection.commit();
			}
			progress.accept(created.length);
			return counts;
		}
		catch (IOException | SQLException ex) {
			rollback(connections);
			throw new IllegalStateException("Seeding failed and was rolled back: " + ex.getMessage(), ex);
		}
		finally {
			close(connections);
		}
	}

	static boolean isLegacyArchived(SeedBooking booking, LocalDate legacyBefore) {
		return FINISHED.contains(booking.status()) && booking.checkOut().isBefore(legacyBefore)
				&& !booking.paymentStatus().equals("pending") && !booking.paymentStatus().equals("failed");
	}

	private static String bookingRow(CopyText row, SeedBooking b) {
		return bookingFields(row.reset().add(b.id()), b).add(b.createdAt())
			.add(b.updatedAt())
			.add(b.cancelledAt())
			.end();
	}

	/**
	 * The fields bookings and booking_history share, from the reference to the special
	 * requests.
	 */
	private static CopyText bookingFields(CopyText row, SeedBooking b) {
		return row.add(b.reference())
			.add(b.guestName())
			.add(b.guestEmail())
			.add(b.guestPhone())
			.add(b.hotelId())
			.add(b.roomType())
			.add(b.checkIn())
			.add(b.checkOut())
			.add(b.status())
			.add(b.paymentStatus())
			.add(b.amount())
			.add(b.currency())
			.add(b.specialRequests());
	}

	private static String historyRow(CopyText row, long id, SeedBooking b) {
		Instant archivedAt = b.checkOut()
			.plusDays(30 + (b.id() % 60))
			.atStartOfDay()
			.toInstant(java.time.ZoneOffset.UTC);
		return bookingFields(row.reset().add(id).add(b.id()), b).add(b.createdAt())
			.add(b.cancelledAt())
			.add(archivedAt)
			.add(b.status().toUpperCase(Locale.ROOT))
			.end();
	}

	private static String auditRow(CopyText row, long id, BookingGenerator.AuditEvent e) {
		return row.reset()
			.add(id)
			.add(e.userId())
			.add(e.action())
			.add(e.resourceType())
			.add(e.resourceId())
			.add(e.oldValues())
			.add(e.newValues())
			.add(e.metadata())
			.add(null)
			.add(e.createdAt())
			.end();
	}

	/**
	 * The history is the platform's as it was before the suite: no retention columns yet.
	 * The suite's trigger leaves them empty in this transaction
	 * (R__audit_logs_set_retention.sql); other sessions are dated as ever.
	 */
	private static void markLegacy(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL lifecycle.legacy_import = 'on'");
		}
	}

	private Connection open(List<Connection> connections) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		connections.add(connection);
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL synchronous_commit = off");
		}
		return connection;
	}

	private static Writer copy(Connection connection, String sql) throws SQLException {
		PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16);
		return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
	}

	private static void rollback(List<Connection> connections) {
		for (Connection connection : connections) {
			try {
				connection.rollback();
			}
			catch (SQLException ex) {
				// the connection is closed next; nothing was committed
			}
		}
	}

	private static void close(List<Connection> connections) {
		for (Connection connection : connections) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// closing after commit or rollback; nothing left to lose
			}
		}
	}

}
