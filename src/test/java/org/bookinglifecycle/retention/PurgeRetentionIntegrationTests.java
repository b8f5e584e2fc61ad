package org.bookinglifecycle.retention;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row here is written out with its date: the purge's limits (a tier's period from a
 * row's expiry, a partition's upper bound plus the period, booking_history's check-out)
 * are tested with rows on both sides of each. asOf 2026-11-26: the cutoff is
 * 2026-11-26T00:00:00Z.
 */
class PurgeRetentionIntegrationTests {

	private static final String AS_OF = "asOf=2026-11-26";

	/** Audit rows: action, created_at (UTC), whether the purge removes it. */
	private static final Object[][] AUDIT = {
			// critical, 7 years: 2019-10 is wholly expired (bound 2019-11-01 + 7y <=
			// cutoff)
			{ "PAYMENT_RECEIVED", "2019-10-15 10:00:00", true },
			// one second either side of the expiry, in the partly expired month 2019-11
			{ "PAYMENT_RECEIVED", "2019-11-25 23:59:59", true }, { "PAYMENT_RECEIVED", "2019-11-26 00:00:01", false },
			// standard, 3 years
			{ "BOOKING_UPDATED", "2023-09-03 08:00:00", true }, { "BOOKING_UPDATED", "2023-11-25 23:59:59", true },
			{ "BOOKING_UPDATED", "2023-11-26 00:00:01", false },
			// expiring exactly at the cutoff: not yet past it
			{ "GUEST_CHANGED", "2023-11-26 00:00:00", false },
			// well past its expiry in the partly expired month
			{ "BOOKING_UPDATED", "2023-11-20 10:00:00", true },
			// system, 1 year
			{ "USER_LOGIN", "2025-10-03 12:00:00", true }, { "USER_LOGIN", "2025-11-25 23:59:59", true },
			{ "USER_LOGIN", "2025-11-26 00:00:01", false },
			// young rows of every tier
			{ "PAYMENT_RECEIVED", "2026-11-01 00:00:00", false }, { "BOOKING_UPDATED", "2026-10-01 00:00:00", false },
			{ "USER_LOGIN", "2026-11-20 00:00:00", false } };

	static DatabaseTarget prepared(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		for (int i = 0; i < AUDIT.length; i++) {
			jdbc.update(
					"INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES (?, 'BOOKING', ?,"
							+ " CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC')",
					AUDIT[i][0], 1000 + i, AUDIT[i][1]);
		}
		// a critical row of the wholly expired month kept longer on purpose: its month
		// stays
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at, data_retention_expires_at)"
				+ " VALUES ('REFUND_ISSUED', 'BOOKING', 999, TIMESTAMPTZ '2019-10-20 00:00:00+00',"
				+ " TIMESTAMPTZ '2030-01-01 00:00:00+00')");
		// booking_history: check-out one day either side of 5 years before asOf
		history(jdbc, 1, "2021-11-25");
		history(jdbc, 2, "2021-11-26");
		history(jdbc, 3, "2020-06-01");
		return database;
	}

	static void history(JdbcTemplate jdbc, long booking, String checkOut) {
		jdbc.update("INSERT INTO booking_history (original_booking_id, booking_reference, hotel_id, room_type,"
				+ " check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " booking_created_at, archive_reason) VALUES (?, ?, 1, 'double', CAST(? AS DATE) - 2, CAST(? AS DATE),"
				+ " 'completed', 'paid', 100, 'EUR', now(), 'completed')", booking, "BK" + booking, checkOut, checkOut);
	}

	@Test
	void removesExactlyWhatEachTierNoLongerAllowsAndTheDryRunSaidSo() {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// converted on the night: each tier's months already past its period in one
		// partition (critical: 2019-10, standard: 2019-10 to 2023-10, system: 2019-10 to
		// 2025-10), critical in quarters after it
		assertThat(cli.run("run", "partition-audit-logs", AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);

		Cli.Result dryRun = cli.run("run", "purge-retention", AS_OF, "--dry-run");
		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		Cli.Result run = cli.run("run", "purge-retention", AS_OF);
		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);

		for (Object[] row : AUDIT) {
			long left = jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = ? AND created_at ="
					+ " CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC'", Long.class, row[0], row[1]);
			assertThat(left).as(row[0] + " " + row[1]).isEqualTo(((Boolean) row[2]) ? 0 : 1);
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'REFUND_ISSUED'", Long.class))
			.as("kept longer on purpose")
			.isEqualTo(1);
		// the wholly expired months went by drop; the one holding a row kept longer
		// stayed
		List<String> leaves = jdbc.queryForList("SELECT leaf::text FROM lifecycle_partition_leaves('audit_logs')",
				String.class);
		assertThat(leaves).doesNotContain("audit_logs_standard_201910_202310", "audit_logs_system_201910_202510")
			.contains("audit_logs_critical_201910", "audit_logs_critical_201911_201912", "audit_logs_standard_202311",
					"audit_logs_system_202511");
		assertThat(jdbc.queryForList("SELECT check_out_date::text FROM booking_history", String.class))
			.containsExactly("2021-11-26");

		// the ledger says what went, and the dry run said the same
		Map<String, Long> ledger = new TreeMap<>();
		jdbc.query("SELECT table_name, tier, action, sum(row_count) AS n FROM lifecycle_purge_ledger"
				+ " GROUP BY 1, 2, 3", (rs) -> {
					ledger.put((rs.getString(1) + " " + rs.getString(2)).strip() + " " + rs.getString(3),
							rs.getLong(4));
				});
		assertThat(ledger).containsEntry("audit_logs standard partition dropped", 1L)
			.containsEntry("audit_logs system partition dropped", 1L)
			.containsEntry("audit_logs critical rows deleted", 2L)
			.containsEntry("audit_logs standard rows deleted", 2L)
			.containsEntry("audit_logs system rows deleted", 1L)
			.containsEntry("booking_history rows deleted", 2L);
		assertThat(dryRunTotals(dryRun.out())).isEqualTo(ledger);
		assertThat(ledger).as("the month holding a row kept longer stays")
			.doesNotContainKey("audit_logs critical partition dropped");

		// the night is done; and a dry run of it now finds nothing left to remove
		assertThat(cli.run("run", "purge-retention", AS_OF).exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		Cli.Result after = cli.run("run", "purge-retention", AS_OF, "--dry-run");
		assertThat(after.out()).as(after.toString()).contains("dry run, nothing removed: nothing");
		assertThat(jdbc.queryForObject("SELECT sum(row_count) FROM lifecycle_purge_ledger", Long.class)).isEqualTo(9);
		long realRun = jdbc.queryForObject(
				"SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN"
						+ " batch_job_execution_params p USING (job_execution_id) WHERE p.parameter_name = 'dryRun'"
						+ " AND p.parameter_value = 'false' AND e.status = 'COMPLETED' AND e.job_instance_id IN"
						+ " (SELECT job_instance_id FROM batch_job_instance WHERE job_name = 'purge-retention')",
				Long.class);
		Cli.Result show = cli.run("show", String.valueOf(realRun));
		assertThat(show.out())
			.contains("purge ledger: audit_logs standard audit_logs_standard_201910_202310 partition dropped=1");
	}

	@Test
	void verifyIntegrityTellsPurgedReferencesFromRowsDeletedOutsideTheSuite() {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("run", "partition-audit-logs", AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		// a kept booking whose trail has a row that goes by drop, two that go by delete
		// and,
		// between their ids, one that stays but is deleted by hand: a min..max range of
		// the
		// purged ids would cover it; the purge's record must not
		jdbc.update("UPDATE audit_logs SET resource_id = 2 WHERE created_at IN (TIMESTAMPTZ '2023-09-03 08:00:00+00',"
				+ " TIMESTAMPTZ '2023-11-25 23:59:59+00', TIMESTAMPTZ '2023-11-26 00:00:01+00',"
				+ " TIMESTAMPTZ '2023-11-20 10:00:00+00')");
		jdbc.update("UPDATE booking_history SET audit_log_ids = ARRAY(SELECT id FROM audit_logs WHERE resource_id = 2"
				+ " ORDER BY id) WHERE original_booking_id = 2");
		long byHand = jdbc.queryForObject("SELECT id FROM audit_logs WHERE created_at = TIMESTAMPTZ"
				+ " '2023-11-26 00:00:01+00' AND resource_id = 2", Long.class);
		assertThat(jdbc.queryForObject("SELECT min(id) < ? AND max(id) > ? FROM audit_logs WHERE resource_id = 2",
				Boolean.class, byHand, byHand))
			.as("the row deleted by hand lies between purged ids")
			.isTrue();
		jdbc.update("DELETE FROM audit_logs WHERE id = ?", byHand);

		assertThat(cli.run("run", "purge-retention", AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		Cli.Result verify = cli.run("run", "verify-integrity", AS_OF);

		assertThat(verify.out()).as(verify.toString()).contains("audit_id_purged=3").contains("audit_id_dangling=1");
		assertThat(jdbc.queryForObject(
				"SELECT audit_log_id FROM integrity_findings WHERE finding = 'audit_id_dangling'", Long.class))
			.isEqualTo(byHand);
	}

	@Test
	void heldRowsSurviveADropAndGoOnceTheHoldIsReleased() {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("run", "partition-audit-logs", AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		long dropped = resourceOf(jdbc, "2023-09-03 08:00:00");
		long deleted = resourceOf(jdbc, "2023-11-20 10:00:00");
		// a row of a month that goes by drop, a row that goes by delete (its hold lapses
		// after
		// the 25th), a history row past its period
		Cli.Result add = cli.run("hold", "add", "BOOKING", String.valueOf(dropped), "--reason", "case 2026-17");
		assertThat(add.exit()).as(add.toString()).isZero();
		assertThat(cli
			.run("hold", "add", "BOOKING", String.valueOf(deleted), "--reason", "case 2026-17", "--until", "2026-11-25")
			.exit()).isZero();
		assertThat(cli.run("hold", "add", "BOOKING", "3", "--reason", "case 2026-18").exit()).isZero();
		assertThat(cli.run("hold", "add", "BOOKING", "x", "--reason", "r").exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(cli.run("hold", "add", "BOOKING", "5").exit()).as("a reason is required").isEqualTo(ExitCodes.USAGE);
		assertThat(cli.run("hold", "list").out()).contains("BOOKING " + dropped)
			.contains("BOOKING 3")
			.contains("2026-11-25");

		Cli.Result dryRun = cli.run("run", "purge-retention", "asOf=2026-11-25", "--dry-run");
		Cli.Result run = cli.run("run", "purge-retention", "asOf=2026-11-25");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList("SELECT leaf::text FROM lifecycle_partition_leaves('audit_logs')", String.class))
			.as("a hold never keeps a whole month alive")
			.doesNotContain("audit_logs_standard_201910_202310");
		assertThat(
				jdbc.queryForObject("SELECT count(*) FROM audit_logs_held WHERE resource_id = ?", Long.class, dropped))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE resource_id = ?", Long.class, deleted))
			.isEqualTo(1);
		assertThat(
				jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE original_booking_id = 3", Long.class))
			.isEqualTo(1);
		assertThat(run.out()).contains("held rows kept aside=1");
		assertThat(dryRun.out()).contains("audit_logs standard rows kept by holds=1");
		assertThat(dryRunTotals(dryRun.out())).isEqualTo(ledger(jdbc, "2026-11-25"));

		// released (and one lapsed): the next night takes them
		assertThat(cli.run("hold", "release", "1").exit()).isZero();
		assertThat(cli.run("hold", "release", "3").exit()).isZero();
		assertThat(cli.run("hold", "release", "3").exit()).as("already released").isEqualTo(ExitCodes.NOTHING_TO_DO);
		Cli.Result nextDry = cli.run("run", "purge-retention", AS_OF, "--dry-run");
		Cli.Result next = cli.run("run", "purge-retention", AS_OF);

		assertThat(next.exit()).as(next.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs_held", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE resource_id = ?", Long.class, deleted))
			.as("its hold lapsed on 2026-11-25")
			.isZero();
		assertThat(
				jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE original_booking_id = 3", Long.class))
			.isZero();
		assertThat(dryRunTotals(nextDry.out())).isEqualTo(ledger(jdbc, "2026-11-26"))
			.containsEntry("audit_logs rows deleted", 1L);
		assertThat(cli.run("hold", "list", "--all").out()).contains("case 2026-17").contains("case 2026-18");
	}

	static long resourceOf(JdbcTemplate jdbc, String createdAt) {
		return jdbc.queryForObject(
				"SELECT resource_id FROM audit_logs WHERE created_at = CAST(? AS TIMESTAMP)" + " AT TIME ZONE 'UTC'",
				Long.class, createdAt);
	}

	@Test
	void aPurgeThatDiedBetweenDetachAndDropIsFinishedByTheNextRun() {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("run", "partition-audit-logs", AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		// the state a process killed right after its detach leaves: the months detached
		// and noted, not dropped (the detach and the note commit together)
		jdbc.execute("ALTER TABLE audit_logs_standard DETACH PARTITION audit_logs_standard_201910_202310");
		jdbc.update("INSERT INTO lifecycle_purge_detached (leaf, parent, tier, range_from, range_to, job_instance_id)"
				+ " VALUES ('audit_logs_standard_201910_202310', 'audit_logs_standard', 'standard',"
				+ " TIMESTAMPTZ '2019-10-01 00:00:00+00', TIMESTAMPTZ '2023-11-01 00:00:00+00', 0)");
		// and one that died after detaching a month that turns out to hold a row kept
		// longer
		jdbc.execute("ALTER TABLE audit_logs_critical DETACH PARTITION audit_logs_critical_201910");
		jdbc.update("INSERT INTO lifecycle_purge_detached (leaf, parent, tier, range_from, range_to, job_instance_id)"
				+ " VALUES ('audit_logs_critical_201910', 'audit_logs_critical', 'critical',"
				+ " TIMESTAMPTZ '2019-10-01 00:00:00+00', TIMESTAMPTZ '2019-11-01 00:00:00+00', 0)");

		Cli.Result run = cli.run("run", "purge-retention", AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_purge_detached", Long.class)).isZero();
		assertThat(
				jdbc.queryForObject("SELECT to_regclass('audit_logs_standard_201910_202310') IS NULL", Boolean.class))
			.isTrue();
		assertThat(jdbc.queryForList("SELECT leaf::text FROM lifecycle_partition_leaves('audit_logs')", String.class))
			.as("attached again, its expired row deleted one by one")
			.contains("audit_logs_critical_201910");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE created_at >= TIMESTAMPTZ"
						+ " '2019-10-01 00:00:00+00' AND created_at < TIMESTAMPTZ '2019-11-01 00:00:00+00'",
				Long.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT row_count FROM lifecycle_purge_ledger WHERE partition_name ="
				+ " 'audit_logs_standard_201910_202310'", Long.class))
			.isEqualTo(1);
	}

	@Test
	void aMonthGoesOnTheDayItsUpperBoundPlusThePeriodIsReached() {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// converted the day before: system's months through 2025-09 are already past its
		// year, 2025-10 is a month of its own
		assertThat(cli.run("run", "partition-audit-logs", "asOf=2026-10-31").exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForList("SELECT leaf::text FROM lifecycle_partition_leaves('audit_logs')", String.class))
			.contains("audit_logs_system_201910_202509", "audit_logs_system_202510");

		// asOf 2026-11-01: system 2025-10 ends 2025-11-01, plus 1 year = the cutoff
		// exactly
		Cli.Result run = cli.run("run", "purge-retention", "asOf=2026-11-01");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<String> leaves = jdbc.queryForList("SELECT leaf::text FROM lifecycle_partition_leaves('audit_logs')",
				String.class);
		assertThat(leaves).doesNotContain("audit_logs_system_202510").contains("audit_logs_system_202511");
		// and rows of 2025-11-25 expire on 2026-11-25: after this cutoff, kept
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'USER_LOGIN' AND created_at"
				+ " >= TIMESTAMPTZ '2025-11-01 00:00:00+00' AND created_at < TIMESTAMPTZ '2025-12-01 00:00:00+00'",
				Long.class))
			.isEqualTo(2);
	}

	@Test
	void refusesStaleExpiriesAConversionAndAPolicyThatKeepsPersonalDataTooLong() throws Exception {
		DatabaseTarget database = prepared(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		jdbc.update("UPDATE lifecycle_retention_periods SET expiries_stale = TRUE WHERE tier = 'system'");
		Cli.Result stale = cli.run("run", "purge-retention", AS_OF);
		assertThat(stale.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(stale.err()).contains("the stored expiries of tier system are stale");
		jdbc.update("UPDATE lifecycle_retention_periods SET expiries_stale = FALSE");

		jdbc.update("INSERT INTO lifecycle_partition_conversions (table_name, state, copy_max_id, legacy_table)"
				+ " VALUES ('audit_logs', 'copying', 0, 'audit_logs_legacy')");
		Cli.Result converting = cli.run("run", "purge-retention", AS_OF);
		assertThat(converting.exit()).as(converting.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(converting.err()).contains("a conversion of audit_logs into partitions is in progress");
		jdbc.update("DELETE FROM lifecycle_partition_conversions");

		Cli.Result tooLong = cli.runWithJobFile("purge-retention.yml",
				(text) -> text.replace("critical: 7", "critical: 8"), "run", "purge-retention", AS_OF);
		assertThat(tooLong.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(tooLong.err()).contains(
				"retention.tiers.critical is 8 years, longer than" + " retention.sensitive-data.delete-after (7)");
		// an unknown table and a misspelt setting would otherwise run silently on nothing
		// and on a default
		Cli.Result unknownTable = cli.runWithJobFile("purge-retention.yml",
				(text) -> text.replace("  booking-history: 5", "  booking-history: 5\n  payments: 3"), "run",
				"purge-retention", AS_OF);
		assertThat(unknownTable.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownTable.err()).contains("jobs/purge-retention.yml is not valid: line 25: retention.payments"
				+ " is not a setting; allowed: booking-history, sensitive-data, tiers");
		Cli.Result misspelt = cli.runWithJobFile("purge-retention.yml",
				(text) -> text.replace("lock-timeout: 2s", "lock-timout: 2s"), "run", "purge-retention", AS_OF);
		assertThat(misspelt.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(misspelt.err())
			.containsPattern("line \\d+: purge.lock-timout is not a setting; allowed: ddl-retries,"
					+ " job-history, lock-timeout, max-backoff, suite-tables");
		Cli.Result future = cli.run("run", "purge-retention", "asOf=2099-01-01");
		assertThat(future.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(future.err()).contains("asOf=2099-01-01 is after today");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_instance", Long.class))
			.as("a refused run leaves no job instance behind")
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class)).isEqualTo(AUDIT.length + 1);
		// and the same night, once the policy is right, runs
		Cli.Result fine = cli.run("run", "purge-retention", AS_OF);
		assertThat(fine.exit()).as(fine.toString()).isEqualTo(ExitCodes.COMPLETED);
	}

	private static Map<String, Long> dryRunTotals(String out) {
		Map<String, Long> totals = new TreeMap<>();
		Matcher matcher = Pattern
			.compile("((?:audit_logs(?: \\w+)?|booking_history)"
					+ " (?:partition dropped|rows deleted|rows kept by holds))=(\\d+)")
			.matcher(out);
		while (matcher.find()) {
			totals.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return totals;
	}

	private static Map<String, Long> ledger(JdbcTemplate jdbc, String asOf) {
		Map<String, Long> ledger = new TreeMap<>();
		jdbc.query("SELECT table_name, tier, action, sum(row_count) AS n FROM lifecycle_purge_ledger"
				+ " WHERE as_of = CAST(? AS DATE) GROUP BY 1, 2, 3", (rs) -> {
					ledger.put((rs.getString(1) + " " + rs.getString(2)).strip() + " " + rs.getString(3),
							rs.getLong(4));
				}, asOf);
		return ledger;
	}

}
