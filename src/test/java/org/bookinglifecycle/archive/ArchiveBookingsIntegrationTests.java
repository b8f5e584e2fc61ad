package org.bookinglifecycle.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.domain.BookingSnapshot;
import org.bookinglifecycle.domain.DataHash;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bookinglifecycle.archive.ArchiveFixtures.AS_OF;
import static org.bookinglifecycle.archive.ArchiveFixtures.assertInvariant;
import static org.bookinglifecycle.archive.ArchiveFixtures.count;
import static org.bookinglifecycle.archive.ArchiveFixtures.expectedCandidates;

class ArchiveBookingsIntegrationTests {

	@Test
	void dryRunReportsExactlyWhatTheRealRunThenMoves() {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long completed = expectedCandidates(jdbc, "completed", AS_OF);
		long cancelled = expectedCandidates(jdbc, "cancelled", AS_OF);
		long noShow = expectedCandidates(jdbc, "no-show", AS_OF);
		long before = count(jdbc, "SELECT count(*) FROM bookings");

		Cli.Result dryRun = cli.run("run", "archive-bookings", "asOf=" + AS_OF, "--dry-run");

		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(dryRun.out()).contains("dry run, nothing written")
			.contains("candidates completed=" + completed)
			.contains("candidates cancelled=" + cancelled)
			.contains("candidates no-show=" + noShow)
			.contains("held back completed: payment pending=");
		assertThat(count(jdbc, "SELECT count(*) FROM bookings")).isEqualTo(before);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_skipped_rows")).isZero();

		Cli.Result run = cli.run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=250");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(run.out()).contains("archived cancelled=" + cancelled + " (skipped-locked 0) completed=" + completed
				+ " (skipped-locked 0) no-show=" + noShow + " (skipped-locked 0)");
		assertThat(count(jdbc, "SELECT count(*) FROM bookings")).isEqualTo(before - completed - cancelled - noShow);
		assertThat(expectedCandidates(jdbc, AS_OF)).isZero();
		assertInvariant(jdbc);
	}

	@Test
	void historyRowsCarryTheirWholeAuditTrailAndACorrectHash() {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		String archived = "FROM booking_history h WHERE h.audit_log_ids IS NOT NULL";
		assertThat(count(jdbc, "SELECT count(*) " + archived)).isPositive();
		assertThat(count(jdbc,
				"SELECT count(*) " + archived + " AND h.audit_log_ids IS DISTINCT FROM "
						+ "(SELECT array_agg(a.id ORDER BY a.created_at, a.id) FROM audit_logs a "
						+ "WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id)"))
			.as("audit_log_ids = every audit id of the booking, ordered")
			.isZero();
		assertThat(count(jdbc,
				"SELECT count(*) " + archived + " AND (SELECT a.action FROM audit_logs a "
						+ "WHERE a.id = h.audit_log_ids[cardinality(h.audit_log_ids)]) <> 'BOOKING_ARCHIVED'"))
			.as("the archive itself is the last entry of the trail")
			.isZero();
		assertThat(count(jdbc, "SELECT count(*) " + archived + " AND h.data_hash <> booking_data_hash(h)")).isZero();
		List<String[]> hashes = jdbc.query("SELECT h.data_hash, " + BookingSnapshot.HISTORY_COLUMNS + " " + archived,
				(rs, i) -> new String[] { rs.getString("data_hash"), DataHash.of(BookingSnapshot.fromHistoryRow(rs)) });
		assertThat(hashes).allSatisfy((pair) -> assertThat(pair[1]).isEqualTo(pair[0]));
		assertThat(count(jdbc,
				"SELECT count(*) FROM booking_history h WHERE h.audit_log_ids IS NOT NULL "
						+ "AND h.archive_reason = 'CANCELLED'"))
			.isEqualTo(count(jdbc, "SELECT count(*) FROM lifecycle_outbox WHERE event_type = 'booking.archived'"));
		assertThat(jdbc.queryForList("SELECT payload::text FROM lifecycle_outbox", String.class))
			.allSatisfy((payload) -> assertThat(payload).doesNotContain("@")
				.doesNotContain("guest")
				.contains("\"archiveReason\": \"CANCELLED\""));
	}

	@Test
	void moneyInFlightAndBadRowsStayWithTheirReasonRecorded() {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update("UPDATE bookings SET cancelled_at = NULL WHERE id = (SELECT min(id) FROM bookings "
				+ "WHERE booking_status = 'cancelled' AND payment_status = 'refunded')");
		long heldBack = count(jdbc, "SELECT count(*) FROM bookings WHERE booking_status = 'completed' "
				+ "AND payment_status IN ('pending', 'failed') AND check_out_date <= DATE '" + AS_OF + "' - 30");
		long oddCase = count(jdbc, "SELECT count(*) FROM bookings WHERE booking_status <> lower(booking_status) "
				+ "AND lower(booking_status) IN ('completed', 'cancelled', 'no_show')");

		Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(heldBack).isPositive();
		assertThat(oddCase).isPositive();
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE booking_status = 'completed' "
				+ "AND payment_status IN ('pending', 'failed') AND check_out_date <= DATE '" + AS_OF + "' - 30"))
			.as("money in flight is never archived")
			.isEqualTo(heldBack);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_skipped_rows WHERE reason LIKE '%not in lower case'"))
			.isEqualTo(oddCase);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_skipped_rows "
				+ "WHERE reason = 'cancelled booking without cancelled_at'"))
			.isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM bookings b JOIN lifecycle_skipped_rows s ON s.row_id = b.id"))
			.as("skipped rows are still in bookings")
			.isEqualTo(oddCase + 1);
		assertInvariant(jdbc);
	}

	@Test
	void aRowThePlatformHoldsIsSkippedAndTakenNextRun() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long held = count(jdbc, "SELECT min(id) FROM bookings WHERE booking_status = 'completed' "
				+ "AND payment_status = 'paid' AND check_out_date < DATE '" + AS_OF + "' - 60");

		try (Connection platform = database.dataSource().getConnection()) {
			platform.setAutoCommit(false);
			try (PreparedStatement lock = platform
				.prepareStatement("SELECT id FROM bookings WHERE id = ? FOR UPDATE")) {
				lock.setLong(1, held);
				lock.executeQuery().close();
			}
			Cli.Result run = cli.run("run", "archive-bookings", "asOf=" + AS_OF);

			assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
			assertThat(run.out()).containsPattern("completed=\\d+ \\(skipped-locked 1\\)");
			platform.commit();
		}
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE id = ?", held)).isEqualTo(1);

		Cli.Result next = cli.run("run", "archive-bookings", "asOf=2026-11-26");

		assertThat(next.exit()).as(next.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history WHERE original_booking_id = ?", held))
			.isEqualTo(1);
		assertInvariant(jdbc);
	}

	@Test
	void aChunkThatFailsInsideIsRolledBackWholeAndTheRerunFinishesTheNight() {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		long expected = expectedCandidates(jdbc, AS_OF);
		List<Long> candidates = jdbc.queryForList(
				"SELECT id FROM bookings WHERE booking_status = 'completed' "
						+ "AND payment_status = 'paid' AND check_out_date < DATE '" + AS_OF + "' - 30 ORDER BY id",
				Long.class);
		long poisoned = candidates.get(candidates.size() / 2);
		jdbc.execute("CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS $$ "
				+ "BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$");
		jdbc.execute("CREATE TRIGGER refuse_history BEFORE INSERT ON booking_history FOR EACH ROW "
				+ "WHEN (NEW.original_booking_id = " + poisoned + ") EXECUTE FUNCTION refuse_history()");
		try {
			Cli.Result failed = cli.run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=100");

			assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
			assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE id = ?", poisoned)).isEqualTo(1);
			assertThat(count(jdbc, "SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL")).isPositive()
				.isLessThan(expected);
			assertInvariant(jdbc);
			// the failed execution kept the night's whole work, for the failure-rate
			// alert
			assertThat(jdbc.queryForObject("""
					SELECT CASE jsonb_typeof(j -> 'candidates.total') WHEN 'array' THEN j -> 'candidates.total' ->> 1
					            ELSE j ->> 'candidates.total' END::bigint
					FROM (SELECT CAST(COALESCE(c.serialized_context, c.short_context) AS JSONB) AS j
					      FROM batch_step_execution_context c JOIN batch_step_execution s USING (step_execution_id)
					      WHERE s.step_name = 'archiveBookingsStep') x""", Long.class)).isEqualTo(expected);
		}
		finally {
			jdbc.execute("DROP TRIGGER refuse_history ON booking_history");
		}

		Cli.Result rerun = cli.run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=100");

		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history WHERE audit_log_ids IS NOT NULL"))
			.isEqualTo(expected);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs WHERE action = 'BOOKING_ARCHIVED'"))
			.as("no archive entry left behind by the rolled-back chunk")
			.isEqualTo(expected);
		assertInvariant(jdbc);
	}

	@Test
	void badRulesStopTheRunBeforeAnyWorkWithExitTwo() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rules");
		java.nio.file.Path rules = dir.resolve("archive-bookings.yml");
		java.nio.file.Files.writeString(rules, """
				archive:
				  rules:
				    - name: eager
				      booking-statuses: [completed]
				      payment-statuses: [paid, pending]
				      after: check-out
				      days: -3
				      reason: COMPLETED
				""");
		String previous = System.getProperty("spring.config.additional-location");
		System.setProperty("spring.config.additional-location", "optional:file:" + rules);
		try {
			Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF);

			assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(run.err()).contains("jobs/archive-bookings.yml is not valid")
				.contains("rule 'eager'")
				.contains("'pending' is money in flight")
				.contains("days is -3");
			assertThat(count(jdbc, "SELECT count(*) FROM batch_job_execution")).as("no execution started").isZero();
		}
		finally {
			if (previous == null) {
				System.clearProperty("spring.config.additional-location");
			}
			else {
				System.setProperty("spring.config.additional-location", previous);
			}
		}
	}

	@Test
	void aRuleValueOfTheWrongTypeIsBadUsageNamingTheSettingAndItsPlace() throws Exception {
		DatabaseTarget database = ArchiveFixtures.seeded(getClass());
		java.nio.file.Path rules = java.nio.file.Files.createTempFile("archive-bookings", ".yml");
		java.nio.file.Files.writeString(rules, "archive:\n  rules:\n    - name: eager\n      days: soon\n");
		System.setProperty("spring.config.additional-location", "optional:file:" + rules);
		try {
			Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF);

			assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(run.err()).contains("Invalid setting archive.rules[0].days = 'soon'")
				.contains(rules.getFileName().toString());
		}
		finally {
			System.clearProperty("spring.config.additional-location");
		}
	}

}
