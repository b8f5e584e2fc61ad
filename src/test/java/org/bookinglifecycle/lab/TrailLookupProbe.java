package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A measurement, not a test (run by hand with {@code main}): one booking's audit trail
 * queried as the platform queries it, a plain statement with the booking's id written in,
 * planned each time (no prepared statement, no generic plan), on any PostgreSQL given by
 * its JDBC URL. Prints, for the table as it stands: its leaves, the p50/p99/max of the
 * whole lookup over {@code lookups} random bookings on one warm session (after 200
 * warm-up lookups), the planning and execution times PostgreSQL reports for 200 of them
 * ({@code EXPLAIN (ANALYZE, SUMMARY)}), the first lookup of 10 fresh sessions, the
 * relations one lookup locks ({@code pg_locks} inside its transaction), one
 * {@code EXPLAIN (ANALYZE, BUFFERS)} in full, and, with {@code sessions > 0}, how many
 * sessions holding one lookup's locks each the server's lock table takes before a session
 * fails. Arguments: JDBC URL (user in it), bookings (ids 1..N), lookups (default 2000),
 * sessions (default 0).
 */
public final class TrailLookupProbe {

	static final String LOOKUP = "SELECT * FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = %d"
			+ " ORDER BY created_at, id";

	private TrailLookupProbe() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		long bookings = Long.parseLong(args[1]);
		int lookups = (args.length > 2) ? Integer.parseInt(args[2]) : 2000;
		int sessions = (args.length > 3) ? Integer.parseInt(args[3]) : 0;
		Random random = new Random(19);
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			System.out.println(scalar(statement, "SELECT version()").split(",")[0] + "; max_locks_per_transaction "
					+ scalar(statement, "SHOW max_locks_per_transaction") + ", max_connections "
					+ scalar(statement, "SHOW max_connections") + "; " + Runtime.getRuntime().availableProcessors()
					+ " cores; load " + loadAverage());
			System.out.println(
					"leaves: " + scalar(statement, "SELECT count(*) FROM pg_partition_tree('audit_logs') WHERE isleaf")
							+ "; audit rows (estimate): "
							+ scalar(statement,
									"SELECT sum(reltuples)::bigint FROM pg_class WHERE oid IN (SELECT relid FROM"
											+ " pg_partition_tree('audit_logs') WHERE isleaf)"));
			for (int i = 0; i < 200; i++) {
				lookup(statement, 1 + (long) (random.nextDouble() * bookings));
			}
			List<Double> total = new ArrayList<>();
			for (int i = 0; i < lookups; i++) {
				total.add(lookup(statement, 1 + (long) (random.nextDouble() * bookings)));
			}
			List<Double> planning = new ArrayList<>();
			List<Double> execution = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				try (ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) "
						+ String.format(LOOKUP, 1 + (long) (random.nextDouble() * bookings)))) {
					rs.next();
					String json = rs.getString(1);
					planning.add(number(json, "\"Planning Time\": "));
					execution.add(number(json, "\"Execution Time\": "));
				}
			}
			System.out.printf(
					"lookup, planned each time, %d random bookings, one warm session: p50 %.2f ms, p99 %.2f"
							+ " ms, max %.2f ms%n",
					lookups, percentile(total, 0.5), percentile(total, 0.99), percentile(total, 1.0));
			System.out.printf(
					"  as PostgreSQL reports it (200 lookups): planning p50 %.2f / p99 %.2f ms, execution"
							+ " p50 %.2f / p99 %.2f ms%n",
					percentile(planning, 0.5), percentile(planning, 0.99), percentile(execution, 0.5),
					percentile(execution, 0.99));
			List<Double> first = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				try (Connection fresh = DriverManager.getConnection(url);
						Statement freshStatement = fresh.createStatement()) {
					first.add(lookup(freshStatement, 1 + (long) (random.nextDouble() * bookings)));
				}
			}
			System.out.printf("  first lookup of a fresh session (10 sessions): p50 %.1f ms, max %.1f ms%n",
					percentile(first, 0.5), percentile(first, 1.0));
			connection.setAutoCommit(false);
			lookup(statement, 1 + (long) (random.nextDouble() * bookings));
			System.out.println("  relations one lookup locks: " + scalar(statement,
					"SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'"
							+ " AND relation IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"));
			connection.rollback();
			connection.setAutoCommit(true);
			try (ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) "
					+ String.format(LOOKUP, 1 + (long) (random.nextDouble() * bookings)))) {
				while (rs.next()) {
					System.out.println("    " + rs.getString(1));
				}
			}
		}
		if (sessions > 0) {
			lockTable(url, bookings, sessions);
		}
	}

	/**
	 * Open sessions one by one, each holding one lookup's locks in an open transaction,
	 * until one fails or {@code sessions} hold them.
	 */
	private static void lockTable(String url, long bookings, int sessions) throws SQLException {
		List<Connection> open = new ArrayList<>();
		try {
			for (int i = 1; i <= sessions; i++) {
				Connection session = DriverManager.getConnection(url);
				open.add(session);
				session.setAutoCommit(false);
				try (Statement statement = session.createStatement()) {
					lookup(statement, i);
				}
				catch (SQLException ex) {
					System.out.printf("lock table: session %d failed (%s): %s%n", i, ex.getSQLState(),
							ex.getMessage().split("\n")[0]);
					try (Statement other = open.get(0).createStatement()) {
						System.out.println("  an insert in another session meanwhile: " + insertOutcome(other));
					}
					return;
				}
			}
			System.out.printf("lock table: %d sessions each hold one lookup's locks%n", sessions);
		}
		finally {
			for (Connection session : open) {
				try {
					session.rollback();
					session.close();
				}
				catch (SQLException ex) {
					// closing
				}
			}
		}
	}

	private static String insertOutcome(Statement statement) {
		try {
			statement.execute("SAVEPOINT probe");
			statement.execute("INSERT INTO audit_logs (action, resource_type) VALUES ('USER_LOGIN', 'USER')");
			return "succeeded";
		}
		catch (SQLException ex) {
			return "failed (" + ex.getSQLState() + "): " + ex.getMessage().split("\n")[0];
		}
	}

	private static double lookup(Statement statement, long booking) throws SQLException {
		long started = System.nanoTime();
		try (ResultSet rs = statement.executeQuery(String.format(LOOKUP, booking))) {
			while (rs.next()) {
				rs.getLong("id");
			}
		}
		return (System.nanoTime() - started) / 1e6;
	}

	private static String scalar(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static double number(String json, String key) {
		int at = json.indexOf(key) + key.length();
		int end = at;
		while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '.')) {
			end++;
		}
		return Double.parseDouble(json.substring(at, end));
	}

	private static String loadAverage() {
		try {
			return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (java.io.IOException ex) {
			return "?";
		}
	}

	static double percentile(List<Double> values, double percentile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(Math.max(0, (int) Math.ceil(percentile * sorted.size()) - 1));
	}

}
