package org.bookinglifecycle.integrity;

import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.PartitionedAuditLogs;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thirty history rows written out here, ids 1 to 30 (booking ids 7001 to 7020, then
 * 900021 to 900030: a chunk of all of them is not dense; created a day apart from
 * 2025-01-02), each with its trail in two tiers (BOOKING_CREATED, standard, at the
 * booking's creation; PAYMENT_COMPLETED, critical, an hour later), months apart across
 * the rows. Row 1 has one more written a second before its booking's creation; row 2 one
 * dated 2040 (a tier's default partition, once converted) and one written 400 days before
 * its booking (outside every bound, in a month of its own). Hashes from the SQL
 * definition ({@code booking_data_hash}), ids from a query written here. Optionally
 * converted to the partitioned audit_logs by the suite's own job, after the rows.
 */
final class NightFixtures {

	/** How many history rows. */
	static final int ROWS = 30;

	private NightFixtures() {
	}

	static DatabaseTarget thirtyRows(Class<?> owner, boolean partitioned) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update(
				"""
						INSERT INTO booking_history (id, original_booking_id, booking_reference, guest_name, guest_email, hotel_id,
						  room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,
						  booking_created_at, archived_at, archive_reason)
						SELECT g, CASE WHEN g <= 20 THEN 7000 + g ELSE 900000 + g END, 'BK' || g, 'Guest ' || g, 'guest' || g || '@example.org', 1, 'double',
						  DATE '2025-03-01' + g, DATE '2025-03-03' + g, 'completed', 'paid', 100 + g, 'EUR',
						  TIMESTAMPTZ '2025-01-01 10:00:00+00' + g * INTERVAL '1 day', TIMESTAMPTZ '2025-06-01 00:00:00+00',
						  'completed'
						FROM generate_series(1, ?) g""",
				ROWS);
		jdbc.queryForObject("SELECT setval('booking_history_id_seq', ?)", Long.class, ROWS);
		jdbc.update(
				"""
						INSERT INTO audit_logs (action, resource_type, resource_id, new_values, created_at)
						SELECT e.action, 'BOOKING', h.original_booking_id, '{}', h.booking_created_at + e.after
						FROM booking_history h
						CROSS JOIN (VALUES ('BOOKING_CREATED', INTERVAL '0'), ('PAYMENT_COMPLETED', INTERVAL '1 hour')) e (action, after)
						ORDER BY h.id, e.after""");
		audit(jdbc, 7001, "2025-01-02 09:59:59+00");
		audit(jdbc, 7002, "2023-12-01 10:00:00+00");
		if (partitioned) {
			PartitionedAuditLogs.convert(database);
		}
		// written after the conversion, in a month not made: its tier's default partition
		audit(jdbc, 7002, "2040-01-01 00:00:00+00");
		jdbc.update("""
				UPDATE booking_history h
				SET audit_log_ids = (SELECT array_agg(a.id ORDER BY a.created_at, a.id) FROM audit_logs a
				                     WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id),
				    data_hash = booking_data_hash(h)""");
		assertThat(jdbc.queryForObject("SELECT cardinality(audit_log_ids) FROM booking_history WHERE id = 2",
				Integer.class))
			.isEqualTo(4);
		if (partitioned) {
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM audit_logs_standard_default WHERE created_at = TIMESTAMPTZ '2040-01-01 00:00:00+00'",
					Long.class))
				.as("the row dated 2040 sits in its tier's default partition")
				.isEqualTo(1);
		}
		return database;
	}

	private static void audit(JdbcTemplate jdbc, long booking, String createdAt) {
		jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, resource_id, new_values, created_at)"
						+ " VALUES ('BOOKING_MODIFIED', 'BOOKING', ?, '{}', CAST(? AS TIMESTAMPTZ))",
				booking, createdAt);
	}

	/** The n-th audit id of a history row's trail (1-based). */
	static long auditId(JdbcTemplate jdbc, long historyId, int n) {
		return jdbc.queryForObject("SELECT audit_log_ids[?] FROM booking_history WHERE id = ?", Long.class, n,
				historyId);
	}

	/** The open findings as "history id:kind:audit id", ordered. */
	static List<String> open(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT booking_history_id || ':' || finding || ':' || audit_log_id"
				+ " FROM integrity_open_findings WHERE resolved_on IS NULL ORDER BY 1", String.class);
	}

	/** The findings recorded for a night, as "history id:kind:audit id", ordered. */
	static List<String> recorded(JdbcTemplate jdbc, String asOf) {
		return jdbc.queryForList("SELECT booking_history_id || ':' || finding || ':' || audit_log_id"
				+ " FROM integrity_findings WHERE as_of = CAST(? AS DATE) ORDER BY 1", String.class, asOf);
	}

	/** A night of verify-integrity with integrity.within-nights set. */
	static Cli.Result night(Cli cli, int withinNights, String asOf, String... more) {
		String[] args = new String[3 + more.length];
		args[0] = "run";
		args[1] = "verify-integrity";
		args[2] = "asOf=" + asOf;
		System.arraycopy(more, 0, args, 3, more.length);
		return cli.runWithJobFile("verify-integrity.yml",
				(yml) -> yml.replace("within-nights: 30", "within-nights: " + withinNights), args);
	}

}
