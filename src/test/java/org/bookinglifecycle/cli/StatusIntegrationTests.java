package org.bookinglifecycle.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.archive.ArchiveFixtures;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.FixedToday;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code status} on a seeded database: catalog and planner estimates by default, exact
 * counts with {@code --exact} or where a table has no statistics; and the SQL function
 * behind it, {@code lifecycle_row_count}, on plain and partitioned tables.
 */
class StatusIntegrationTests {

	/**
	 * How far an estimate may be from the count, relative. After ANALYZE, reltuples is
	 * exact here (ANALYZE reads up to 30,000 pages: all of these tables') and a
	 * predicate's estimate comes from the null fraction of a sample of 30,000 rows (300 x
	 * default_statistics_target 100): its standard error is at most sqrt(0.25 / 30,000) =
	 * 0.3 points, under 1% of the fractions seeded here (a quarter and more) at three
	 * sigma. 10% is ample for that and still fails a figure that counts the wrong rows or
	 * misses a leaf (off by 25% or more).
	 */
	private static final double TOLERANCE = 0.10;

	/** Every figure of the dashboard: job, name, an independent count. */
	private static final List<Figure> FIGURES = List.of(
			new Figure("archive-bookings", "active bookings", "SELECT count(*) FROM bookings", false),
			new Figure("archive-bookings", "history rows", "SELECT count(*) FROM booking_history", false),
			new Figure("backfill-audit-log-ids", "history without audit ids",
					"SELECT count(*) FROM booking_history WHERE audit_log_ids IS NULL", true),
			new Figure("backfill-audit-log-ids", "history without hash",
					"SELECT count(*) FROM booking_history WHERE data_hash IS NULL", true),
			new Figure("backfill-retention", "audit rows", "SELECT count(*) FROM audit_logs", false),
			new Figure("backfill-retention", "audit without tier",
					"SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL", true),
			new Figure("backfill-retention", "audit without expiry",
					"SELECT count(*) FROM audit_logs WHERE data_retention_expires_at IS NULL", true));

	/**
	 * Today for the expectations and for every {@code status} run here
	 * ({@link FixedToday}): a run across midnight keeps it.
	 */
	private static final LocalDate TODAY = LocalDate.now();

	private static DatabaseTarget database;

	private static JdbcTemplate jdbc;

	private static Cli cli;

	@BeforeAll
	static void seededAndHalfBackfilled() {
		database = TestDatabase.migrated(StatusIntegrationTests.class);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(20_000, 8, 5, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		jdbc = TestDatabase.jdbc(database);
		// Part of each backfill done, so every predicate matches some rows, not all.
		jdbc.update("UPDATE booking_history h SET data_hash = booking_data_hash(h) WHERE id % 3 = 0");
		jdbc.update("UPDATE booking_history SET audit_log_ids = '{}' WHERE id % 4 = 0");
		jdbc.update("UPDATE audit_logs SET retention_tier = audit_retention_tier(action) WHERE id % 2 = 0");
		jdbc.update("UPDATE audit_logs SET data_retention_expires_at = created_at + INTERVAL '3 years' "
				+ "WHERE id % 5 = 0");
		cli = new Cli(database);
	}

	@Test
	void statusEstimatesTableSizesAndCountsComplianceFiguresExactly() {
		jdbc.execute("ANALYZE bookings, booking_history, audit_logs");

		Cli.Result status = status(cli, "status");

		assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (Figure figure : FIGURES) {
			long count = jdbc.queryForObject(figure.count(), Long.class);
			Shown shown = shown(status, figure);
			if (figure.compliance()) {
				// a backlog is exact, through its partial index: never "~1" for a 0
				assertThat(shown).as(figure.name()).isEqualTo(new Shown(count, false));
				continue;
			}
			assertThat(shown.estimated()).as(figure.name()).isTrue();
			assertThat((double) shown.value()).as(figure.name() + " against count " + count)
				.isCloseTo(count, within(count * TOLERANCE));
		}
		assertThat(status.out()).contains("~ estimated from PostgreSQL's statistics")
			.contains("history not yet anonymized, stay ended over P2Y ago")
			.doesNotContain("partitions");
	}

	@Test
	void exactStatusCountsEveryFigure() {
		Cli.Result status = status(cli, "status", "--exact");

		assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (Figure figure : FIGURES) {
			long count = jdbc.queryForObject(figure.count(), Long.class);
			assertThat(shown(status, figure)).as(figure.name()).isEqualTo(new Shown(count, false));
		}
		// what the default rules take today, counted independently of the job's SQL
		long pending = ArchiveFixtures.expectedCandidates(jdbc, TODAY.toString());
		assertThat(pending).as("the seed leaves some to archive").isPositive();
		assertThat(shown(status, new Figure("archive-bookings", "pending archive (the rules as of today)", null, true)))
			.isEqualTo(new Shown(pending, false));
		assertThat(status.out()).doesNotContain("~");
	}

	@Test
	void theAnonymizationBacklogCountsFromTheJobsOwnLimit() {
		// a stay that ended between the two limits (the seed's stays are older)
		jdbc.update(
				"INSERT INTO booking_history (original_booking_id, booking_reference, hotel_id, room_type,"
						+ " check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
						+ " booking_created_at, archive_reason) VALUES (990000001, 'BK990000001', 1, 'double', ?, ?,"
						+ " 'completed', 'paid', 100, 'EUR', now(), 'completed')",
				TODAY.minusMonths(30).minusDays(2), TODAY.minusMonths(30));
		Cli.Result three = FixedToday.on(TODAY, () -> cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("after: P2Y", "after: P3Y"), "status", "--exact"));

		assertThat(three.exit()).as(three.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (String years : List.of("2", "3")) {
			Figure backlog = new Figure("anonymize-guests",
					"history not yet anonymized, stay ended over P" + years + "Y ago",
					"SELECT count(*) FROM booking_history WHERE anonymization IS NULL AND check_out_date < CAST(? AS DATE)"
							+ " - INTERVAL '" + years + " years'",
					true);
			Cli.Result status = years.equals("2") ? status(cli, "status", "--exact") : three;
			long count = jdbc.queryForObject(backlog.count(), Long.class, TODAY);
			assertThat(count).as("the seed has stays on both sides of both limits").isPositive();
			assertThat(shown(status, backlog)).as(backlog.name()).isEqualTo(new Shown(count, false));
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE anonymization IS NULL AND"
				+ " check_out_date < CAST(? AS DATE) - INTERVAL '2 years' AND check_out_date >= CAST(? AS DATE)"
				+ " - INTERVAL '3 years'", Long.class, TODAY, TODAY))
			.as("the two limits count different rows")
			.isPositive();
	}

	@Test
	void verifyIntegrityCountsItsOpenFindingsAndSaysWhetherAllOfHistoryWasReverifiedWithinNNights() {
		// open: two failures and three reported findings; one failure since verified
		// clean
		for (String kind : List.of("hash_mismatch", "audit_id_duplicate", "hash_missing", "audit_id_purged",
				"audit_id_purged")) {
			finding(kind, false);
		}
		finding("hash_mismatch", true);
		// a full night, then one whose window took history ids 1-100 (N = 30): the rows
		// after 100 were last verified by the full night
		night(1, "2026-11-01", "full", null, null);
		night(2, "2026-11-02", "incremental", null, 100L);

		String status = status(cli, "status", "--exact").out();

		assertThat(shown(status, "open integrity failures (hash_mismatch, audit_id_dangling, audit_id_duplicate;"
				+ " until verified clean)"))
			.isEqualTo(new Shown(2, false));
		assertThat(shown(status, "open findings reported (hash_missing, audit_id_purged, audit_trail_empty)"))
			.isEqualTo(new Shown(3, false));
		assertThat(shown(status, "all of history re-verified within 30 nights (1 yes, 0 no)"))
			.isEqualTo(new Shown(1, false));
		assertThat(
				shown(status, "nights the oldest row went unverified (since the night of 2026-11-01, to 2026-11-02)"))
			.isEqualTo(new Shown(1, false));

		// 34 nights later, a night that took ids 101-200 only: the rows after 200 were
		// last
		// verified on 2026-11-01, 34 nights before
		night(3, "2026-12-05", "incremental", 100L, 200L);
		String late = status(cli, "status").out();

		assertThat(shown(late, "all of history re-verified within 30 nights (1 yes, 0 no)"))
			.isEqualTo(new Shown(0, false));
		assertThat(shown(late, "nights the oldest row went unverified (since the night of 2026-11-01, to 2026-12-05)"))
			.isEqualTo(new Shown(34, false));
	}

	private static void finding(String kind, boolean resolved) {
		jdbc.update("INSERT INTO integrity_open_findings (booking_history_id, original_booking_id, finding,"
				+ " first_found_on, first_job_instance_id, last_found_on, last_job_instance_id, resolved_on,"
				+ " resolved_job_instance_id, resolution) SELECT COALESCE(max(booking_history_id), 0) + 1, 1, ?,"
				+ " DATE '2026-11-01', 1, DATE '2026-11-01', 1, ?, ?, ? FROM integrity_open_findings", kind,
				resolved ? java.sql.Date.valueOf("2026-11-02") : null, resolved ? 2L : null,
				resolved ? "verified clean" : null);
	}

	private static void night(long instance, String asOf, String mode, Long after, Long through) {
		jdbc.update(
				"INSERT INTO integrity_nights (job_instance_id, as_of, mode, reason, within_nights, boundary_xid,"
						+ " until_xid, sweep_started_on, history_after, history_through, planned_at, completed_at)"
						+ " VALUES (?, CAST(? AS DATE), ?, 'test', 30, '1', '1', CAST(? AS DATE), ?, ?,"
						+ " CAST(? AS DATE) + TIME '02:00', CAST(? AS DATE) + TIME '03:00')",
				instance, asOf, mode, asOf, after, through, asOf, asOf);
	}

	@Test
	void tablesNeverAnalyzedAreCountedExactly() {
		DatabaseTarget fresh = TestDatabase.migrated(getClass());
		JdbcTemplate freshJdbc = TestDatabase.jdbc(fresh);
		freshJdbc.execute("ALTER TABLE bookings SET (autovacuum_enabled = false)");
		freshJdbc.update("INSERT INTO bookings (booking_reference, guest_name, hotel_id, room_type, check_in_date, "
				+ "check_out_date, booking_status, payment_status, total_amount, currency) "
				+ "SELECT 'BK' || g, 'Guest', 1, 'suite', DATE '2025-01-01', DATE '2025-01-03', 'completed', 'paid', "
				+ "100, 'EUR' FROM generate_series(1, 250) g");
		// PostgreSQL 17 keeps reltuples at -1 until the table is first vacuumed or
		// analyzed.
		assertThat(reltuples(freshJdbc, "bookings")).isEqualTo(-1);

		Cli.Result status = status(new Cli(fresh), "status");

		assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(shown(status, FIGURES.get(0))).isEqualTo(new Shown(250, false));
		assertThat(status.out()).doesNotContain("~");
	}

	@Test
	void aTableAnalyzedWhileEmptyAndFilledSinceIsCountedExactly() {
		jdbc.execute("CREATE TABLE status_filled_after_analyze (id BIGINT, note TEXT) "
				+ "WITH (autovacuum_enabled = false)");
		jdbc.execute("ANALYZE status_filled_after_analyze");
		jdbc.update("INSERT INTO status_filled_after_analyze SELECT g, NULLIF(g % 4, 0)::TEXT "
				+ "FROM generate_series(1, 1000) g");
		assertThat(reltuples(jdbc, "status_filled_after_analyze")).isZero();

		Counted all = rowCount("status_filled_after_analyze", "TRUE", false);
		Counted withoutNote = rowCount("status_filled_after_analyze", "note IS NULL", false);

		assertThat(all).isEqualTo(new Counted(1000, false));
		assertThat(withoutNote).isEqualTo(new Counted(250, false));
	}

	@Test
	void aPartitionedTableIsEstimatedAsTheSumOfItsLeaves() {
		partitioned("status_sum");
		jdbc.execute("ANALYZE status_sum");
		long leavesReltuples = jdbc.queryForObject(
				"SELECT sum(reltuples)::BIGINT FROM pg_class "
						+ "WHERE relname IN ('status_sum_critical_2025_01', 'status_sum_critical_2025_02')",
				Long.class);

		Counted all = rowCount("status_sum", "TRUE", false);
		Counted withoutNote = rowCount("status_sum", "note IS NULL", false);
		// Rows ANALYZE has not seen: the estimate stays the catalog's, --exact counts
		// them.
		jdbc.update("INSERT INTO status_sum SELECT g, 'critical', DATE '2025-01-20', 'late' "
				+ "FROM generate_series(1, 500) g");
		Counted allLater = rowCount("status_sum", "TRUE", false);
		Counted exactLater = rowCount("status_sum", "TRUE", true);

		assertThat(leavesReltuples).isEqualTo(5000);
		assertThat(all).isEqualTo(new Counted(5000, true));
		assertThat(withoutNote.estimated()).isTrue();
		assertThat((double) withoutNote.rows()).isCloseTo(1250, within(1250 * TOLERANCE));
		assertThat(allLater).isEqualTo(new Counted(5000, true));
		assertThat(exactLater).isEqualTo(new Counted(5500, false));
	}

	@Test
	void aLeafWithoutStatisticsIsCountedExactlyTheOthersEstimated() {
		partitioned("status_mixed");
		jdbc.execute("ANALYZE status_mixed");
		jdbc.execute("CREATE TABLE status_mixed_critical_2025_03 PARTITION OF status_mixed_critical "
				+ "FOR VALUES FROM ('2025-03-01') TO ('2025-04-01') WITH (autovacuum_enabled = false)");
		jdbc.update("INSERT INTO status_mixed SELECT g, 'critical', DATE '2025-03-10', NULL "
				+ "FROM generate_series(1, 100) g");

		Counted all = rowCount("status_mixed", "TRUE", false);
		Counted withoutNote = rowCount("status_mixed", "note IS NULL", false);

		assertThat(all).isEqualTo(new Counted(5100, true));
		assertThat(withoutNote.estimated()).isTrue();
		assertThat((double) withoutNote.rows()).isCloseTo(1350, within(1350 * TOLERANCE));
	}

	@Test
	void onlyTablesAreCounted() {
		jdbc.execute("CREATE VIEW status_not_a_table AS SELECT 1 AS one");

		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> rowCount("status_not_a_table", "TRUE", false))
			.withMessageContaining("status_not_a_table is not one");
	}

	/**
	 * A small audit_logs to come: tier, then month, two levels; the critical tier has two
	 * month leaves (3,000 and 2,000 rows, a quarter of them without a note), autovacuum
	 * off so nothing analyzes them behind the test's back.
	 */
	private static void partitioned(String name) {
		jdbc.execute("CREATE TABLE " + name + " (id BIGINT, tier TEXT, created DATE, note TEXT) "
				+ "PARTITION BY LIST (tier)");
		jdbc.execute("CREATE TABLE " + name + "_critical PARTITION OF " + name
				+ " FOR VALUES IN ('critical') PARTITION BY RANGE (created)");
		jdbc.execute("CREATE TABLE " + name + "_critical_2025_01 PARTITION OF " + name + "_critical"
				+ " FOR VALUES FROM ('2025-01-01') TO ('2025-02-01') WITH (autovacuum_enabled = false)");
		jdbc.execute("CREATE TABLE " + name + "_critical_2025_02 PARTITION OF " + name + "_critical"
				+ " FOR VALUES FROM ('2025-02-01') TO ('2025-03-01') WITH (autovacuum_enabled = false)");
		jdbc.update("INSERT INTO " + name + " SELECT g, 'critical', "
				+ "CASE WHEN g <= 3000 THEN DATE '2025-01-15' ELSE DATE '2025-02-15' END, "
				+ "CASE WHEN g % 4 = 0 THEN NULL ELSE 'kept' END FROM generate_series(1, 5000) g");
	}

	/** A command run with {@link #TODAY} as the application's today. */
	private static Cli.Result status(Cli on, String... args) {
		return FixedToday.on(TODAY, () -> on.run(args));
	}

	private static Counted rowCount(String table, String predicate, boolean exact) {
		return jdbc.queryForObject("SELECT row_count, estimated FROM lifecycle_row_count(?::REGCLASS, ?, ?)",
				(rs, i) -> new Counted(rs.getLong("row_count"), rs.getBoolean("estimated")), table, predicate, exact);
	}

	private static double reltuples(JdbcTemplate on, String table) {
		return on.queryForObject("SELECT reltuples FROM pg_class WHERE oid = ?::REGCLASS", Double.class, table);
	}

	/**
	 * The figure's line of the dashboard: job, name, value with a leading ~ if estimated.
	 */
	private static Shown shown(Cli.Result status, Figure figure) {
		Matcher line = Pattern
			.compile("(?m)^" + Pattern.quote(figure.job()) + " +" + Pattern.quote(figure.name()) + " +(~?)([0-9,]+)$")
			.matcher(status.out());
		assertThat(line.find()).as(figure.name() + " in\n" + status.out()).isTrue();
		return new Shown(Long.parseLong(line.group(2).replace(",", "")), !line.group(1).isEmpty());
	}

	/** A verify-integrity figure's line of the dashboard. */
	private static Shown shown(String out, String name) {
		Matcher line = Pattern.compile("(?m)^verify-integrity +" + Pattern.quote(name) + " +(~?)([0-9,]+)$")
			.matcher(out);
		assertThat(line.find()).as(name + " in\n" + out).isTrue();
		return new Shown(Long.parseLong(line.group(2).replace(",", "")), !line.group(1).isEmpty());
	}

	private record Figure(String job, String name, String count, boolean compliance) {

	}

	private record Shown(long value, boolean estimated) {

	}

	private record Counted(long rows, boolean estimated) {

	}

}
