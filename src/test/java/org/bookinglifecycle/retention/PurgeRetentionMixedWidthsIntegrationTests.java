package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database converted when every tier was kept in months, then kept in quarters: the
 * monthly partitions of the conversion stay beside the quarters maintain-partitions makes
 * (PostgreSQL cannot merge partitions), and the purge of today removes exactly the rows
 * past their expiry, one second either side of it, in both kinds of partition: whole
 * partitions by drop where every row is past, the rest one by one. Every row is written
 * out with its date, relative to today's start (UTC): the purge's cutoff.
 */
class PurgeRetentionMixedWidthsIntegrationTests {

	private static final String MONTHLY = "  widths:\n    - parent: audit_logs_critical\n      months: 3\n";

	private static final String QUARTERLY = MONTHLY + "    - parent: audit_logs_standard\n      months: 3\n"
			+ "    - parent: audit_logs_system\n      months: 3\n";

	@Test
	void monthsOfTheConversionAndQuartersMadeAfterArePurgedExactlyToTheDay() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		OffsetDateTime midnight = today.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
		// system (1 year), in the conversion's months: a second either side of its
		// expiry, one far past (in the months the conversion puts together), a young one
		List<Object[]> rows = new ArrayList<>();
		rows.add(row("USER_LOGIN", midnight.minusYears(1).minusSeconds(1), false));
		rows.add(row("USER_LOGIN", midnight.minusYears(1).plusSeconds(1), true));
		rows.add(row("USER_LOGIN", midnight.minusYears(1).minusMonths(3), false));
		rows.add(row("USER_LOGIN", midnight.minusDays(1), true));
		insert(jdbc, rows);
		Cli.Result convert = cli.runWithJobFile("maintain-partitions.yml", (text) -> {
			assertThat(text).contains(MONTHLY);
			return text.replace(MONTHLY, "");
		}, "run", "partition-audit-logs");
		assertThat(convert.exit()).as(convert.toString()).isEqualTo(ExitCodes.COMPLETED);
		// critical (7 years) and standard (3 years) rows from before the conversion's
		// oldest month, written since: they wait in the defaults until
		// maintain-partitions
		// makes their partitions, in quarters now
		List<Object[]> older = new ArrayList<>();
		older.add(row("PAYMENT_RECEIVED", midnight.minusYears(7).minusSeconds(1), false));
		older.add(row("PAYMENT_RECEIVED", midnight.minusYears(7).plusSeconds(1), true));
		older.add(row("PAYMENT_RECEIVED", midnight.minusYears(7).minusMonths(6), false));
		older.add(row("PAYMENT_RECEIVED", midnight.minusYears(7).plusMonths(2), true));
		older.add(row("BOOKING_UPDATED", midnight.minusYears(3).minusSeconds(1), false));
		older.add(row("BOOKING_UPDATED", midnight.minusYears(3).plusSeconds(1), true));
		older.add(row("BOOKING_UPDATED", midnight.minusYears(3).minusMonths(6), false));
		insert(jdbc, older);
		rows.addAll(older);
		Cli.Result maintain = cli.runWithJobFile("maintain-partitions.yml", (text) -> text.replace(MONTHLY, QUARTERLY),
				"run", "maintain-partitions");
		assertThat(maintain.exit()).as(maintain.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(maintain.out()).contains("rows left in default partitions: 0");
		// mixed widths: critical and standard have the conversion's months and quarters
		for (String tier : List.of("critical", "standard")) {
			assertThat(jdbc.queryForList("SELECT DISTINCT (extract(YEAR FROM age(range_to, range_from)) * 12"
					+ " + extract(MONTH FROM age(range_to, range_from)))::int FROM lifecycle_partition_leaves('audit_logs')"
					+ " WHERE tier = ? AND NOT is_default", Integer.class, tier))
				.as(tier)
				.contains(1, 3);
		}
		// the rows of the far-past critical and standard quarters sit in quarters
		for (int i : new int[] { 2, 6 }) {
			assertThat(jdbc.queryForObject("SELECT age(l.range_to, l.range_from) = INTERVAL '3 months'"
					+ " FROM audit_logs a JOIN lifecycle_partition_leaves('audit_logs') l ON l.leaf = a.tableoid"
					+ " WHERE a.action = ? AND a.created_at = ?", Boolean.class, older.get(i)[0], older.get(i)[1]))
				.isTrue();
		}

		Cli.Result purge = cli.run("run", "purge-retention", "asOf=" + today);

		assertThat(purge.exit()).as(purge.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (Object[] row : rows) {
			assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = ? AND created_at = ?",
					Long.class, row[0], row[1]))
				.as(row[0] + " " + row[1])
				.isEqualTo(((Boolean) row[2]) ? 1 : 0);
		}
		// whole partitions went: the far-past quarters of critical and standard, and the
		// months the conversion put together for system
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_purge_ledger WHERE action = 'partition dropped'"
				+ " AND tier IN ('critical', 'standard', 'system')", Long.class))
			.isGreaterThanOrEqualTo(3);
		// and each tier's ledger counts its expired rows once, dropped or deleted
		for (String tier : List.of("critical", "standard", "system")) {
			assertThat(jdbc.queryForObject("SELECT sum(row_count) FROM lifecycle_purge_ledger WHERE tier = ?"
					+ " AND action IN ('partition dropped', 'rows deleted')", Long.class, tier))
				.as(tier)
				.isEqualTo(2);
		}
		// nothing a purge of today may drop whole is left
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM lifecycle_partition_leaves('audit_logs') l WHERE NOT"
						+ " l.is_default AND l.range_to + make_interval(years => CASE l.tier WHEN 'critical' THEN 7"
						+ " WHEN 'standard' THEN 3 ELSE 1 END) <= CAST(? AS DATE)::TIMESTAMP AT TIME ZONE 'UTC'",
				Long.class, Date.valueOf(today)))
			.isZero();
	}

	private static Object[] row(String action, OffsetDateTime createdAt, boolean kept) {
		return new Object[] { action, createdAt, kept };
	}

	private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
		for (Object[] row : rows) {
			jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES (?, 'BOOKING',"
					+ " 1, ?)", row[0], row[1]);
		}
	}

}
