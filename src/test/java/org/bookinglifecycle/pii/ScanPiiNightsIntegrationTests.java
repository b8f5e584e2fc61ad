package org.bookinglifecycle.pii;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.PartitionedAuditLogs;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scan-pii night after night, on explicit stays in three blocks of booking ids (900, 901,
 * 902; a block is 10,000 ids), on a plain and on a partitioned audit_logs: the first scan
 * is full; a night after it scans what became due or was written since, what has a
 * finding open, and its share of blocks (the one scanned longest ago, lowest first). A
 * value in a stay that crosses the limit tonight is found tonight; one written tonight
 * into an old stay is found tonight; one the change marker cannot see is found within
 * rescan-within-nights and stays counted until fixed; a restarted scan counts once.
 */
class ScanPiiNightsIntegrationTests {

	/** The first night. */
	private static final LocalDate NIGHT = LocalDate.parse("2026-11-26");

	/**
	 * NIGHT minus P2Y: a check-out on this date is past the limit from the next night.
	 */
	private static final LocalDate LIMIT = LocalDate.parse("2024-11-26");

	/** Stays long past the limit, one per block. */
	private static final long OLD_900 = 9_000_001L;

	private static final long OLD_901 = 9_010_002L;

	private static final long OLD_902 = 9_020_003L;

	/** A stay of block 901 whose check-out crosses the limit on the second night. */
	private static final long CROSSING = 9_010_004L;

	private static final String PLANTED_EMAIL = "planted.mail@example.net";

	private static final String FINDING = "audit_logs.new_values contact.alt_email email=1";

	@ParameterizedTest(name = "partitioned audit_logs: {0}")
	@ValueSource(booleans = { false, true })
	void aValueInAStayThatCrossesTheLimitTonightIsFoundTonight(boolean partitioned) {
		DatabaseTarget database = stays(partitioned);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		// a value under a key no rule names in the crossing stay, left by its masking,
		// before the first night: not written since its scan
		masked(cli);
		plant(jdbc, CROSSING);

		Cli.Result first = cli.run("run", "scan-pii", "asOf=" + NIGHT);
		Cli.Result second = cli.run("run", "scan-pii", "asOf=" + NIGHT.plusDays(1));

		// the first night is full and the crossing stay not past the limit yet
		assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(scan(jdbc, NIGHT)).isEqualTo("full 3 found=0 open=0");
		// the second scans the stay that crossed, and its share (block 900), no more
		assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(scan(jdbc, NIGHT.plusDays(1))).isEqualTo("incremental 2 found=1 open=1");
		assertThat(findings(jdbc, NIGHT.plusDays(1))).containsExactly(FINDING + " found=1");
		assertThat(second.out() + second.err()).doesNotContain(PLANTED_EMAIL);
	}

	@ParameterizedTest(name = "partitioned audit_logs: {0}")
	@ValueSource(booleans = { false, true })
	void aValueWrittenTonightIntoAnOldStayIsFoundTonight(boolean partitioned) {
		DatabaseTarget database = stays(partitioned);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		masked(cli);
		Cli.Result first = cli.run("run", "scan-pii", "asOf=" + NIGHT);
		// written after the first scan's marker, into a stay outside the second night's
		// share
		plant(jdbc, OLD_902);

		Cli.Result second = cli.run("run", "scan-pii", "asOf=" + NIGHT.plusDays(1));

		assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
		// block 900 (its share), the stay that crossed the limit, and the stay written
		// since
		assertThat(scan(jdbc, NIGHT.plusDays(1))).isEqualTo("incremental 3 found=1 open=1");
		assertThat(findings(jdbc, NIGHT.plusDays(1))).containsExactly(FINDING + " found=1");
	}

	@Test
	void aValueTheMarkerCannotSeeIsFoundWithinTheNightsAndStaysCountedUntilFixed() {
		DatabaseTarget database = stays(false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		masked(cli);
		assertThat(scanPii(cli, NIGHT).exit()).isEqualTo(ExitCodes.COMPLETED);
		plant(jdbc, OLD_902);
		// as if the value had been there before the first scan's marker and the scan had
		// missed it: the case the rotation exists for (the change state says nothing
		// moved)
		jdbc.update("UPDATE pii_scan_relations r SET written = s.n_tup_ins + s.n_tup_upd,"
				+ " marker = CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT)"
				+ " FROM pg_stat_user_tables s WHERE s.relid = r.relid");

		// three blocks, rescanned within three nights: one block a night, oldest first
		List<Cli.Result> nights = List.of(scanPii(cli, NIGHT.plusDays(1)), scanPii(cli, NIGHT.plusDays(2)),
				scanPii(cli, NIGHT.plusDays(3)), scanPii(cli, NIGHT.plusDays(4)));
		Cli.Result status = cli.run("status");
		jdbc.update("UPDATE audit_logs SET new_values = new_values - 'contact' WHERE resource_type = 'BOOKING'"
				+ " AND resource_id = ? AND action = 'BOOKING_CREATED'", OLD_902);
		Cli.Result fixed = scanPii(cli, NIGHT.plusDays(5));
		Cli.Result full = scanPii(cli, NIGHT.plusDays(5), "mode=full");

		assertThat(nights).extracting(Cli.Result::exit)
			.containsExactly(ExitCodes.COMPLETED, ExitCodes.COMPLETED, ExitCodes.FAILED, ExitCodes.FAILED);
		assertThat(jdbc
			.queryForList("SELECT as_of || ' ' || covered_since || ' ' || found || ' ' || findings FROM pii_scans"
					+ " WHERE as_of > ? ORDER BY job_execution_id", String.class, NIGHT))
			.containsExactly("2026-11-27 2026-11-26 0 0", "2026-11-28 2026-11-26 0 0", "2026-11-29 2026-11-27 1 1",
					"2026-11-30 2026-11-28 1 1", "2026-12-01 2026-11-29 0 0", "2026-12-01 2026-12-01 0 0");
		assertThat(findings(jdbc, NIGHT.plusDays(3))).containsExactly(FINDING + " found=1");
		// the fourth night's share is block 900 again: the finding is counted, its stay
		// scanned again because a finding of it is open
		assertThat(findings(jdbc, NIGHT.plusDays(4))).containsExactly(FINDING + " found=1");
		assertThat(status.out()).containsPattern("PII left past the limit \\(last scan, asOf " + NIGHT.plusDays(4)
				+ ", execution \\d+\\)\\s*\\|?\\s*1\\b");
		assertThat(fixed.exit()).as(fixed.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pii_open_findings", Long.class)).isZero();
		// mode=full on demand: a run of its own for the same night, every stay in scope
		assertThat(full.exit()).as(full.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT bookings_scanned FROM pii_scans WHERE mode = 'full' AND as_of = ?",
				Long.class, NIGHT.plusDays(5)))
			.isEqualTo(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE check_out_date < ?", Long.class,
					LIMIT.plusDays(5)));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pii_scan_work", Long.class)).isZero();
	}

	@Test
	void aScanThatFailsMidwayAndIsRestartedCountsEveryRowOnce() {
		DatabaseTarget database = stays(false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		masked(cli);
		// two stays of one guest, in two chunks, each with the value, and a login of hers
		// before the limit with a full address
		jdbc.update("UPDATE audit_logs SET user_id = 77000001 WHERE action = 'BOOKING_CREATED' AND resource_id IN"
				+ " (?, ?)", OLD_900, OLD_902);
		plant(jdbc, OLD_900);
		plant(jdbc, OLD_902);
		jdbc.update(
				"INSERT INTO audit_logs (user_id, action, resource_type, resource_id, ip_address, created_at)"
						+ " VALUES (77000001, 'USER_LOGIN', 'USER', 77000001, '198.51.100.77', ?)",
				LIMIT.minusDays(3).atStartOfDay());
		// the chunk of the third stay fails once, after the first two committed
		jdbc.execute("CREATE FUNCTION fail_chunk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
				+ " RAISE EXCEPTION 'chunk failed on purpose'; END $$");
		jdbc.execute("CREATE TRIGGER fail_chunk BEFORE INSERT ON pii_open_findings FOR EACH ROW WHEN"
				+ " (NEW.subject_id = " + OLD_902 + ") EXECUTE FUNCTION fail_chunk()");

		Cli.Result failed = cli.run("run", "scan-pii", "asOf=" + NIGHT, "chunkSize=1");
		jdbc.execute("DROP TRIGGER fail_chunk ON pii_open_findings");
		Cli.Result restarted = cli.run("run", "scan-pii", "asOf=" + NIGHT, "chunkSize=1");

		assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(failed.out()).contains("scanBookingsStep  FAILED");
		assertThat(restarted.exit()).as(restarted.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(restarted.out()).contains("FAILED_WITH_FINDINGS");
		// the restart scanned the third stay only (after the first run's last chunk)
		assertThat(jdbc.queryForObject("SELECT read_count FROM batch_step_execution WHERE step_name ="
				+ " 'scanBookingsStep' ORDER BY step_execution_id DESC LIMIT 1", Long.class))
			.isEqualTo(1L);
		assertThat(scan(jdbc, NIGHT)).isEqualTo("full 3 found=3 open=3");
		// each stay's value once, and her login once although two of her stays were
		// scanned
		assertThat(findings(jdbc, NIGHT)).containsExactly("audit_logs.ip_address  ip address=1 found=1",
				"audit_logs.new_values contact.alt_email email=2 found=2");
	}

	@Test
	void onAPartitionedAuditLogsTheChunkFindsRowsJustBeforeTheBookingAndInADefaultPartition() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.stayWithTrail(jdbc, OLD_900, LIMIT.minusDays(300), "Old Guest", "old@example.org", "+1 555 0900");
		Cli cli = new Cli(database);
		masked(cli);
		// written a second before the booking's created_at, in its month's leaf
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)"
				+ " SELECT 77000001, 'BOOKING_NOTE', 'BOOKING', original_booking_id,"
				+ " jsonb_build_object('contact', jsonb_build_object('alt_email', ?)),"
				+ " booking_created_at - interval '1 second' FROM booking_history WHERE original_booking_id = ?",
				PLANTED_EMAIL, OLD_900);
		PartitionedAuditLogs.convert(database);
		// dated where no month was made: its tier's default partition
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at)"
				+ " VALUES (77000001, 'BOOKING_NOTE', 'BOOKING', ?,"
				+ " jsonb_build_object('contact', jsonb_build_object('alt_email', ?)), TIMESTAMPTZ '2099-01-01')",
				OLD_900, PLANTED_EMAIL);
		assertThat(jdbc.queryForObject("SELECT CAST(tableoid::regclass AS TEXT) FROM audit_logs WHERE created_at ="
				+ " TIMESTAMPTZ '2099-01-01'", String.class))
			.contains("default");

		Cli.Result scan = cli.run("run", "scan-pii", "asOf=" + NIGHT);

		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(jdbc.queryForList("SELECT table_name || '.' || column_name || ' ' || json_path || ' ' || kind"
				+ " || '=' || rows FROM pii_findings", String.class))
			.containsExactly("audit_logs.new_values contact.alt_email email=2");
	}

	@Test
	void aRescanPeriodThatIsNoNumberOfNightsIsRefusedBeforeAnyWork() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		Cli.Result scan = new Cli(database).runWithJobFile("scan-pii.yml",
				(yml) -> yml.replace("rescan-within-nights: 30", "rescan-within-nights: 0"), "run", "scan-pii",
				"asOf=" + NIGHT);

		assertThat(scan.exit()).as(scan.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(scan.err()).contains("scan-pii.rescan-within-nights is '0'; allowed: a whole number of nights");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pii_scan_plans", Long.class)).isZero();
	}

	// --- fixtures

	/**
	 * A test database with an old stay in each of blocks 900, 901 and 902, and the stay
	 * of block 901 that crosses the limit on the second night; audit_logs converted when
	 * asked.
	 */
	private DatabaseTarget stays(boolean partitioned) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.stayWithTrail(jdbc, OLD_900, LIMIT.minusDays(300), "Guest Nine", "nine@example.org",
				"+1 555 0900");
		GuestFixtures.stayWithTrail(jdbc, OLD_901, LIMIT.minusDays(200), "Guest Ninety", "ninety@example.org",
				"+1 555 0901");
		GuestFixtures.stayWithTrail(jdbc, OLD_902, LIMIT.minusDays(100), "Guest Ninety Two", "ninetytwo@example.org",
				"+1 555 0902");
		GuestFixtures.stayWithTrail(jdbc, CROSSING, LIMIT, "Crossing Guest", "crossing@example.org", "+1 555 0904");
		if (partitioned) {
			PartitionedAuditLogs.convert(database);
		}
		return database;
	}

	/**
	 * An email under a key no rule names, in the booking's BOOKING_CREATED row; its
	 * statistics flushed at once (a write's counts otherwise reach pg_stat_user_tables
	 * within seconds, and a scan that starts before them sees the write the night after).
	 */
	private static void plant(JdbcTemplate jdbc, long booking) {
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (var update = connection.prepareStatement("UPDATE audit_logs SET new_values = new_values"
					+ " || jsonb_build_object('contact', jsonb_build_object('alt_email', ?))"
					+ " WHERE resource_type = 'BOOKING' AND resource_id = ? AND action = 'BOOKING_CREATED'");
					var flush = connection.createStatement()) {
				update.setString(1, PLANTED_EMAIL);
				update.setLong(2, booking);
				assertThat(update.executeUpdate()).isEqualTo(1);
				flush.execute("SELECT pg_stat_force_next_flush()");
			}
			return null;
		});
	}

	/**
	 * A scan with every stay scanned again within three nights (three blocks: one a
	 * night).
	 */
	private static Cli.Result scanPii(Cli cli, LocalDate asOf, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("run", "scan-pii", "asOf=" + asOf));
		args.addAll(List.of(more));
		return cli.runWithJobFile("scan-pii.yml",
				(yml) -> yml.replace("rescan-within-nights: 30", "rescan-within-nights: 3"),
				args.toArray(String[]::new));
	}

	/** Every stay masked as anonymize-guests masks them by the second night. */
	private static void masked(Cli cli) {
		Cli.Result anonymized = cli.run("run", "anonymize-guests", "asOf=" + NIGHT.plusDays(1));
		assertThat(anonymized.exit()).as(anonymized.toString()).isEqualTo(ExitCodes.COMPLETED);
	}

	/** The scan of a night: mode, bookings scanned, rows it found, rows open after it. */
	private static String scan(JdbcTemplate jdbc, LocalDate asOf) {
		return jdbc
			.queryForObject("SELECT mode || ' ' || bookings_scanned || ' found=' || found || ' open=' || findings"
					+ " FROM pii_scans WHERE as_of = ?", String.class, asOf);
	}

	private static List<String> findings(JdbcTemplate jdbc, LocalDate asOf) {
		return jdbc.queryForList("SELECT f.table_name || '.' || f.column_name || ' ' || f.json_path || ' ' || f.kind"
				+ " || '=' || f.rows || ' found=' || f.found FROM pii_findings f JOIN pii_scans s USING (job_execution_id)"
				+ " WHERE s.as_of = ? ORDER BY 1", String.class, asOf);
	}

}
