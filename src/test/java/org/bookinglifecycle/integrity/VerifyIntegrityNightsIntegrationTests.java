package org.bookinglifecycle.integrity;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental nights on thirty explicit rows ({@link NightFixtures}) with
 * {@code integrity.within-nights} 3: the first night verifies all of history; then each
 * night the rows written since, the open findings and a third of history (rows 1-10,
 * 11-20, 21-30, again). Expected windows are worked out here from those numbers, never
 * read from the job.
 */
class VerifyIntegrityNightsIntegrationTests {

	@ParameterizedTest(name = "partitioned audit_logs: {0}")
	@ValueSource(booleans = { false, true })
	void aRowTamperedWithTonightIsFoundTonightAnOldOneWithinNNightsAndBothStayCountedUntilFixed(boolean partitioned) {
		DatabaseTarget database = NightFixtures.thirtyRows(getClass(), partitioned);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result first = NightFixtures.night(cli, 3, "2026-01-01");
		assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(NightFixtures.recorded(jdbc, "2026-01-01")).as("the bounds lose no audit row").isEmpty();
		assertThat(night(jdbc, "2026-01-01")).containsEntry("mode", "full").containsEntry("planned_rows", 30L);

		// tonight: row 30 changed; an old row's trail broken behind its back (row 25's
		// history row untouched, so only the window finds it)
		jdbc.update("UPDATE booking_history SET guest_name = 'Someone Else' WHERE id = 30");
		long deleted = NightFixtures.auditId(jdbc, 25, 2);
		jdbc.execute("CREATE TABLE saved_audit_row AS SELECT * FROM audit_logs WHERE id = " + deleted);
		jdbc.update("DELETE FROM audit_logs WHERE id = ?", deleted);
		long oldDuplicate = 0;
		long newDuplicate = 0;
		if (partitioned) {
			// audit ids 1-63 on the first night; 64, above them, held twice (new: found
			// tonight), and 63 held twice (old: in the last third of ids 1-64, found by
			// the
			// sweep's third night)
			oldDuplicate = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class);
			assertThat(oldDuplicate).isEqualTo(63);
			newDuplicate = oldDuplicate + 1;
			duplicate(jdbc, oldDuplicate, "USER_LOGIN");
			duplicate(jdbc, newDuplicate, "USER_LOGIN");
			duplicate(jdbc, newDuplicate, "PAYMENT_REFUNDED");
		}
		String tampered = "30:hash_mismatch:0";
		String dangling = "25:audit_id_dangling:" + deleted;
		String newTwice = "0:audit_id_duplicate:" + newDuplicate;
		String oldTwice = "0:audit_id_duplicate:" + oldDuplicate;

		Cli.Result second = NightFixtures.night(cli, 3, "2026-01-02");

		assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(NightFixtures.recorded(jdbc, "2026-01-02"))
			.containsExactlyElementsOf(partitioned ? List.of(newTwice, tampered) : List.of(tampered));
		assertThat(night(jdbc, "2026-01-02")).containsEntry("mode", "incremental")
			.containsEntry("history_after", null)
			.containsEntry("history_through", 10L)
			.containsEntry("planned_rows", 11L)
			.containsEntry("changed_rows", 1L)
			.containsEntry("window_rows", 10L);
		assertThat(readBy(jdbc, "2026-01-02", "verifyHistoryStep")).isEqualTo(11);

		Cli.Result third = NightFixtures.night(cli, 3, "2026-01-03");

		assertThat(third.exit()).as(third.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(NightFixtures.recorded(jdbc, "2026-01-03")).as("the open failures, found again")
			.containsExactlyElementsOf(partitioned ? List.of(newTwice, tampered) : List.of(tampered));
		assertThat(night(jdbc, "2026-01-03")).containsEntry("history_after", 10L)
			.containsEntry("history_through", 20L)
			.containsEntry("planned_rows", 11L)
			.containsEntry("open_rows", 1L);

		Cli.Result fourth = NightFixtures.night(cli, 3, "2026-01-04");

		assertThat(fourth.exit()).as(fourth.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(night(jdbc, "2026-01-04")).as("the sweep's third night takes the rest")
			.containsEntry("history_after", 20L)
			.containsEntry("history_through", null);
		List<String> allFour = partitioned ? List.of(newTwice, oldTwice, dangling, tampered)
				: List.of(dangling, tampered);
		assertThat(NightFixtures.recorded(jdbc, "2026-01-04")).as("the old row found within 3 nights")
			.containsExactlyInAnyOrderElementsOf(allFour);

		Cli.Result fifth = NightFixtures.night(cli, 3, "2026-01-05");

		assertThat(fifth.exit()).as(fifth.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(night(jdbc, "2026-01-05")).as("a new sweep: rows 25 and 30 outside the window")
			.containsEntry("history_after", null)
			.containsEntry("history_through", 10L);
		assertThat(NightFixtures.open(jdbc)).containsExactlyInAnyOrderElementsOf(allFour);
		assertThat(alertValue(jdbc)).isEqualTo(allFour.size());
		assertThat(statusFigure(cli, "open integrity failures")).isEqualTo(allFour.size());
		assertThat(jdbc.queryForObject("SELECT first_found_on::TEXT FROM integrity_open_findings WHERE"
				+ " booking_history_id = 25 AND resolved_on IS NULL", String.class))
			.isEqualTo("2026-01-04");
		// a night that fails (its table away) finds nothing: they stay counted
		jdbc.execute("ALTER TABLE booking_history RENAME TO booking_history_away");
		Cli.Result failedNight;
		try {
			failedNight = NightFixtures.night(cli, 3, "2026-01-05", "mode=full");
		}
		finally {
			jdbc.execute("ALTER TABLE booking_history_away RENAME TO booking_history");
		}
		assertThat(failedNight.exit()).as(failedNight.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(failedNight.out()).doesNotContain("COMPLETED (exit");
		assertThat(alertValue(jdbc)).isEqualTo(allFour.size());

		// fixed: the row as it was, the audit row back, the ids held once
		jdbc.update("UPDATE booking_history SET guest_name = 'Guest 30' WHERE id = 30");
		jdbc.update("INSERT INTO audit_logs SELECT * FROM saved_audit_row");
		jdbc.update("DELETE FROM audit_logs WHERE action IN ('USER_LOGIN', 'PAYMENT_REFUNDED')");

		Cli.Result sixth = NightFixtures.night(cli, 3, "2026-01-06");

		assertThat(sixth.exit()).as(sixth.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(NightFixtures.open(jdbc)).isEmpty();
		assertThat(
				jdbc.queryForList(
						"SELECT booking_history_id || ':' || finding || ':' || audit_log_id || ':'"
								+ " || resolved_on || ':' || resolution FROM integrity_open_findings ORDER BY 1",
						String.class))
			.containsExactlyInAnyOrderElementsOf(
					allFour.stream().map((finding) -> finding + ":2026-01-06:verified clean").toList());
		assertThat(alertValue(jdbc)).isZero();
		assertThat(statusFigure(cli, "open integrity failures")).isZero();
	}

	@Test
	void theEvidenceSaysWhetherAllOfHistoryWasReverifiedWithinNNightsAndSinceWhen() {
		DatabaseTarget database = NightFixtures.thirtyRows(getClass(), false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		// N = 30: a full night, then rows 1, then 2 (a thirtieth each)
		for (String asOf : List.of("2026-01-01", "2026-01-02", "2026-01-03")) {
			assertThat(NightFixtures.night(cli, 30, asOf).exit()).isEqualTo(ExitCodes.COMPLETED);
		}
		assertThat(night(jdbc, "2026-01-03")).containsEntry("history_after", 1L).containsEntry("history_through", 2L);
		String third = status(cli);
		// N = 3 from the 6th: the sweep that started on the 2nd is 4 nights old, it takes
		// the rest; rows 1 and 2 were last verified on the 2nd and 3rd
		Cli.Result sixth = NightFixtures.night(cli, 3, "2026-01-06");
		String afterSixth = status(cli);
		// a new sweep of 3 nights: rows 1-10; rows 11-30 were last verified on the 6th
		Cli.Result seventh = NightFixtures.night(cli, 3, "2026-01-07");
		String afterSeventh = status(cli);

		assertThat(third).contains("all of history re-verified within 30 nights (1 yes, 0 no)  1")
			.contains("nights the oldest row went unverified (since the night of 2026-01-01, to 2026-01-03)  2");
		assertThat(sixth.exit()).as(sixth.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(sixth.out())
			.contains("coverage: all of history re-verified within 3 nights: no (oldest row last verified on the"
					+ " night of 2026-01-02; last night 2026-01-06, incremental)");
		assertThat(afterSixth).contains("all of history re-verified within 3 nights (1 yes, 0 no)  0")
			.contains("nights the oldest row went unverified (since the night of 2026-01-02, to 2026-01-06)  4");
		assertThat(seventh.exit()).as(seventh.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(afterSeventh).contains("all of history re-verified within 3 nights (1 yes, 0 no)  1")
			.contains("nights the oldest row went unverified (since the night of 2026-01-06, to 2026-01-07)  1");
		// show: what each night covered, and the coverage as the nights up to it left it
		Cli.Result showThird = cli.run("show", String.valueOf(execution(jdbc, "2026-01-03")));
		assertThat(showThird.out())
			.contains("night covered (integrity_nights): incremental (changed since the last verified point, and"
					+ " the window), 1 history rows (written since: 0, window: 1, open findings: 0); history ids after"
					+ " 1 through 2")
			.contains("coverage: all of history re-verified within 30 nights: yes (oldest row last verified on the"
					+ " night of 2026-01-01; last night 2026-01-03, incremental)");
		assertThat(cli.run("show", String.valueOf(execution(jdbc, "2026-01-06"))).out())
			.contains("coverage: all of history re-verified within 3 nights: no (oldest row last verified on the"
					+ " night of 2026-01-02");
	}

	@Test
	void anIncrementalNightContinuesWithItsOwnRowsAndItsDryRunWritesNothing() {
		DatabaseTarget database = NightFixtures.thirtyRows(getClass(), false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(NightFixtures.night(cli, 3, "2026-01-01").exit()).isEqualTo(ExitCodes.COMPLETED);
		// written since: row 5 (in the window, 1-10) and row 25 (changed: a mismatch)
		jdbc.update("UPDATE booking_history SET archive_reason = archive_reason WHERE id = 5");
		jdbc.update("UPDATE booking_history SET guest_phone = '555' WHERE id = 25");
		long nights = count(jdbc, "SELECT count(*) FROM integrity_nights");

		Cli.Result dry = NightFixtures.night(cli, 3, "2026-01-02", "--dry-run", "chunkSize=4");

		assertThat(dry.exit()).as(dry.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(dry.out()).contains("11 history rows (written since: 2, window: 10, open findings: 0)")
			.contains("hash_missing=0, hash_mismatch=1 (dry run: nothing recorded)");
		assertThat(count(jdbc, "SELECT count(*) FROM integrity_nights")).isEqualTo(nights);
		assertThat(count(jdbc, "SELECT count(*) FROM integrity_night_rows")).isZero();
		assertThat(count(jdbc, "SELECT count(*) FROM integrity_open_findings")).isZero();
		assertThat(count(jdbc, "SELECT count(*) FROM integrity_findings")).isZero();

		// the night fails at its third chunk (rows 9, 10, 25), then row 28 changes
		jdbc.execute("""
				CREATE FUNCTION refuse_finding() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$""");
		jdbc.execute("CREATE TRIGGER refuse_finding BEFORE INSERT ON integrity_findings FOR EACH ROW"
				+ " WHEN (NEW.booking_history_id = 25) EXECUTE FUNCTION refuse_finding()");
		Cli.Result failed = NightFixtures.night(cli, 3, "2026-01-02", "chunkSize=4");
		jdbc.execute("DROP TRIGGER refuse_finding ON integrity_findings");
		jdbc.update("UPDATE booking_history SET guest_phone = '556' WHERE id = 28");
		Cli.Result rerun = NightFixtures.night(cli, 3, "2026-01-02", "chunkSize=4");

		assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(rerun.out()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)");
		assertThat(readByLastExecution(jdbc, "verifyHistoryStep")).as("rows 9, 10 and 25 only").isEqualTo(3);
		assertThat(NightFixtures.recorded(jdbc, "2026-01-02")).containsExactly("25:hash_mismatch:0");
		assertThat(night(jdbc, "2026-01-02")).containsEntry("planned_rows", 11L)
			.containsEntry("changed_rows", 2L)
			.containsEntry("window_rows", 10L);
		assertThat(count(jdbc, "SELECT count(*) FROM integrity_night_rows")).as("deleted once completed").isZero();

		Cli.Result next = NightFixtures.night(cli, 3, "2026-01-03");

		assertThat(NightFixtures.recorded(jdbc, "2026-01-03")).containsExactly("25:hash_mismatch:0",
				"28:hash_mismatch:0");
		assertThat(night(jdbc, "2026-01-03")).as("row 28, outside the window (11-20), written after the 2nd planned")
			.containsEntry("changed_rows", 1L)
			.containsEntry("open_rows", 1L);
		assertThat(next.exit()).isEqualTo(ExitCodes.FAILED);
	}

	@ParameterizedTest(name = "partitioned audit_logs: {0}")
	@ValueSource(booleans = { false, true })
	void referencesAreReadPerChunkWithTheFindingsOfOneBookingAtATime(boolean partitioned) {
		DatabaseTarget database = NightFixtures.thirtyRows(getClass(), partitioned);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// row 3: a purged id (recorded); row 4: an id the purge keeps in audit_logs_held;
		// row 5: no trail; row 6: an id that never existed
		long purged = NightFixtures.auditId(jdbc, 3, 2);
		jdbc.update("DELETE FROM audit_logs WHERE id = ?", purged);
		jdbc.update("INSERT INTO lifecycle_purged_audit_ranges (tier, min_id, max_id) VALUES ('critical', ?, ?)",
				purged, purged);
		long held = NightFixtures.auditId(jdbc, 4, 1);
		jdbc.update("INSERT INTO audit_logs_held (id, action, resource_type, resource_id, new_values, created_at)"
				+ " SELECT id, action, resource_type, resource_id, new_values, created_at FROM audit_logs WHERE id = ?",
				held);
		jdbc.update("DELETE FROM audit_logs WHERE id = ?", held);
		jdbc.update("UPDATE booking_history SET audit_log_ids = '{}' WHERE id = 5");
		long never = jdbc.queryForObject("SELECT max(id) + 1000 FROM audit_logs", Long.class);
		jdbc.update("UPDATE booking_history SET audit_log_ids = audit_log_ids || ? WHERE id = 6", never);

		// chunks of 4 (booking ids close together: one range of resource ids), then one
		// chunk of all 30 (7001-7020 and 900021-900030: the bookings looked up by id)
		Cli.Result dense = cli.run("run", "verify-integrity", "asOf=2026-02-01", "mode=full", "chunkSize=4");
		Cli.Result sparse = cli.run("run", "verify-integrity", "asOf=2026-02-02", "mode=full", "chunkSize=1000");

		assertThat(dense.exit()).as(dense.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(sparse.exit()).as(sparse.toString()).isEqualTo(ExitCodes.FAILED);
		List<String> expected = List.of("3:audit_id_purged:" + purged, "5:audit_trail_empty:0",
				"6:audit_id_dangling:" + never);
		assertThat(NightFixtures.recorded(jdbc, "2026-02-01")).containsExactlyElementsOf(expected);
		assertThat(NightFixtures.recorded(jdbc, "2026-02-02")).containsExactlyElementsOf(expected);
		assertThat(oneBookingAtATime(jdbc)).as("the statement this replaced").containsExactlyElementsOf(expected);
	}

	/**
	 * The findings of the reference check as the suite computed them before it read per
	 * chunk: each booking's whole trail looked up on its own, unbounded in time.
	 */
	private static List<String> oneBookingAtATime(JdbcTemplate jdbc) {
		return jdbc.queryForList(
				"""
						SELECT x FROM (
						  SELECT h.id || ':' || CASE WHEN EXISTS (SELECT 1 FROM lifecycle_purged_audit_ranges g
						                                          WHERE int8range(g.min_id, g.max_id, '[]') @> r.audit_id)
						                             THEN 'audit_id_purged' ELSE 'audit_id_dangling' END || ':' || r.audit_id AS x
						  FROM booking_history h
						  CROSS JOIN LATERAL (SELECT COALESCE(array_agg(a.id), '{}') AS ids FROM audit_logs a
						                      WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id) trail
						  CROSS JOIN LATERAL unnest(h.audit_log_ids) AS r (audit_id)
						  WHERE r.audit_id <> ALL (trail.ids)
						    AND (EXISTS (SELECT 1 FROM lifecycle_purged_audit_ranges g
						                 WHERE int8range(g.min_id, g.max_id, '[]') @> r.audit_id)
						         OR (NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.id = r.audit_id)
						             AND NOT EXISTS (SELECT 1 FROM audit_logs_held k WHERE k.id = r.audit_id)))
						  UNION ALL
						  SELECT h.id || ':audit_trail_empty:0' FROM booking_history h WHERE cardinality(h.audit_log_ids) = 0
						) f ORDER BY 1""",
				String.class);
	}

	private static void duplicate(JdbcTemplate jdbc, long id, String action) {
		jdbc.update("INSERT INTO audit_logs (id, action, resource_type, resource_id, created_at)"
				+ " VALUES (?, ?, 'USER', 1, TIMESTAMPTZ '2025-02-01 00:00:00+00')", id, action);
	}

	private static Map<String, Object> night(JdbcTemplate jdbc, String asOf) {
		return jdbc.queryForMap("SELECT n.mode, n.history_after, n.history_through, n.planned_rows, n.changed_rows,"
				+ " n.window_rows, n.open_rows FROM integrity_nights n WHERE n.as_of = CAST(? AS DATE)", asOf);
	}

	private static long execution(JdbcTemplate jdbc, String asOf) {
		return jdbc.queryForObject("""
				SELECT max(e.job_execution_id) FROM batch_job_execution e
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'asOf' AND p.parameter_value = ?""", Long.class, asOf);
	}

	private static long readBy(JdbcTemplate jdbc, String asOf, String step) {
		return jdbc.queryForObject(
				"SELECT sum(read_count) FROM batch_step_execution WHERE job_execution_id = ?" + " AND step_name = ?",
				Long.class, execution(jdbc, asOf), step);
	}

	private static long readByLastExecution(JdbcTemplate jdbc, String step) {
		return jdbc.queryForObject(
				"SELECT read_count FROM batch_step_execution WHERE step_name = ? AND"
						+ " job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution)",
				Long.class, step);
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

	/** The data-integrity alert rule's value for verify-integrity, from its own query. */
	private static long alertValue(JdbcTemplate jdbc) {
		return jdbc.queryForList(SqlFiles.alerts("rules/data-integrity"))
			.stream()
			.filter((row) -> "verify-integrity".equals(row.get("subject")))
			.mapToLong((row) -> ((Number) row.get("value")).longValue())
			.findFirst()
			.orElseThrow();
	}

	private static String status(Cli cli) {
		Cli.Result status = cli.run("status");
		assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.COMPLETED);
		return status.out().replaceAll(" {2,}", "  ");
	}

	private static long statusFigure(Cli cli, String figure) {
		Matcher line = Pattern.compile("(?m)^verify-integrity +" + Pattern.quote(figure) + "[^\\n]*? +([0-9,]+)$")
			.matcher(cli.run("status").out());
		assertThat(line.find()).as(figure).isTrue();
		return Long.parseLong(line.group(1).replace(",", ""));
	}

}
