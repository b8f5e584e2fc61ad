package org.bookinglifecycle.anonymize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.PartitionedAuditLogs;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.bookinglifecycle.testsupport.TrailFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GDPR jobs on a partitioned audit_logs, reading each chunk's trails in one pass
 * bounded in time: anonymize-guests masks every event of a due stay (two tiers, three
 * months, one a second before the booking's created_at, one in a default partition) and
 * the guest's logins on the right side of the limit; export-guest finds every event;
 * erase-guest masks every one and its residual check finds nothing.
 */
class AnonymizePartitionedIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	private static final LocalDate LIMIT = LocalDate.parse("2024-11-26");

	@Test
	void everyEventOfADueStayIsMaskedWhateverLeafItIsInAndLoginsFollowTheLimit() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		stay(jdbc, 9_700_001L, 77_000_001L, LIMIT.minusDays(1), "Due Guest", "due@example.org");
		stay(jdbc, 9_700_002L, 77_000_002L, LIMIT.plusDays(3), "Young Guest", "young@example.org");
		long[] logins = AnonymizeLoginsIntegrationTests.aroundTheLimit(jdbc, 77_000_001L);
		PartitionedAuditLogs.convert(database);
		TrailFixtures.farAhead(jdbc, 9_700_001L, 77_000_001L, AS_OF, "due@example.org");
		long farAhead = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class);
		assertThat(TrailFixtures.inDefaultPartition(jdbc, farAhead)).isTrue();

		Cli.Result run = new Cli(database).run("run", "anonymize-guests", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(left(jdbc, 9_700_001L, "due@example.org")).as("no trace of the due guest").isZero();
		assertThat(left(jdbc, 9_700_002L, "young@example.org")).as("the young stay untouched").isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT new_values #>> '{guest,email}' FROM audit_logs WHERE id = ?",
				String.class, farAhead))
			.isEqualTo("guest9700001@anonymized.local");
		assertThat(ip(jdbc, logins[0])).isEqualTo("198.51.100.0");
		assertThat(ip(jdbc, logins[1])).isEqualTo("198.51.100.2");
		assertThat(ip(jdbc, logins[2])).isEqualTo("198.51.100.3");
	}

	@Test
	void anExportFindsEveryEventAndAnErasureMasksEveryOneWhateverLeafItIsIn() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		stay(jdbc, 9_800_001L, 78_000_001L, AS_OF.minusDays(20), "Erased Guest", "erased@example.org");
		stay(jdbc, 9_800_002L, 78_000_002L, AS_OF.minusDays(20), "Other Guest", "other@example.org");
		PartitionedAuditLogs.convert(database);
		TrailFixtures.farAhead(jdbc, 9_800_001L, 78_000_001L, AS_OF, "erased@example.org");
		Cli cli = new Cli(database);
		Path file = Files.createTempDirectory("export").resolve("request.json");

		Cli.Result export = cli.run("run", "export-guest", "guestEmail=erased@example.org", "file=" + file);
		Cli.Result erase = cli.run("run", "erase-guest", "guestEmail=erased@example.org", "asOf=" + AS_OF);

		assertThat(export.exit()).as(export.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(export.out()).contains("audit events=5");
		assertThat(erase.exit()).as(erase.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(left(jdbc, 9_800_001L, "erased@example.org")).isZero();
		assertThat(left(jdbc, 9_800_002L, "other@example.org")).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT receipt ->> 'residual' FROM lifecycle_erasure_receipts", String.class))
			.isEqualTo("0");
	}

	/** An archived stay whose trail was written around its booking's created_at. */
	private static void stay(JdbcTemplate jdbc, long bookingId, long user, LocalDate checkOut, String name,
			String email) {
		Instant createdAt = checkOut.minusDays(60).atStartOfDay(ZoneOffset.UTC).toInstant();
		TrailFixtures.trail(jdbc, bookingId, user, createdAt, name, email);
		jdbc.update("""
				INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, hotel_id,
				  room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,
				  booking_created_at, archived_at, archive_reason)
				VALUES (?, ?, ?, ?, 1, 'standard', ?, ?, 'completed', 'paid', 100.00, 'EUR', ?, ?, 'completed')""",
				bookingId, "PT-" + bookingId, name, email, checkOut.minusDays(2), checkOut, Timestamp.from(createdAt),
				Timestamp.from(createdAt.plusSeconds(90L * 86400)));
		GuestFixtures.linkTrail(jdbc, bookingId);
	}

	/** Audit rows of a booking whose text still holds the guest's email or name. */
	private static long left(JdbcTemplate jdbc, long bookingId, String email) {
		return jdbc.queryForObject("SELECT count(*) FROM audit_logs a WHERE a.resource_type = 'BOOKING'"
				+ " AND a.resource_id = ? AND (a::text ILIKE '%' || ? || '%' OR a::text LIKE '%Guest\"%'"
				+ " AND a::text NOT LIKE '%Anonymous Guest%')", Long.class, bookingId, email);
	}

	private static String ip(JdbcTemplate jdbc, long id) {
		return jdbc.queryForObject("SELECT ip_address FROM audit_logs WHERE id = ?", String.class, id);
	}

}
