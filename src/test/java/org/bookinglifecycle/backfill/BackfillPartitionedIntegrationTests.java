package org.bookinglifecycle.backfill;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.PartitionedAuditLogs;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.bookinglifecycle.testsupport.TrailFixtures;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * backfill-audit-log-ids on a partitioned audit_logs: legacy history rows get every event
 * of their booking, in order, from a per-chunk read bounded in time: events in two tiers
 * and three months, one a second before the booking's created_at, one in a default
 * partition.
 */
class BackfillPartitionedIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");

	@Test
	void aLegacyRowGetsEveryEventOfItsTrailWhateverLeafItIsIn() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<Long> bookings = List.of(9_600_001L, 9_600_002L, 9_600_003L);
		for (int i = 0; i < bookings.size(); i++) {
			Instant createdAt = AS_OF.minusYears(1 + i).atStartOfDay(ZoneOffset.UTC).toInstant();
			legacyHistory(jdbc, bookings.get(i), createdAt);
			TrailFixtures.trail(jdbc, bookings.get(i), 67_000_000L + i, createdAt, "Legacy Guest",
					"legacy" + i + "@example.org");
		}
		PartitionedAuditLogs.convert(database);
		TrailFixtures.farAhead(jdbc, 9_600_003L, 67_000_002L, AS_OF, "legacy2@example.org");
		long farAhead = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class);
		assertThat(TrailFixtures.inDefaultPartition(jdbc, farAhead)).isTrue();

		Cli.Result run = new Cli(database).run("run", "backfill-audit-log-ids", "asOf=" + AS_OF, "chunkSize=2",
				"gridSize=1");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (long id : bookings) {
			assertThat(jdbc.queryForList(
					"SELECT unnest(audit_log_ids) FROM booking_history WHERE original_booking_id = ?", Long.class, id))
				.as("booking %d", id)
				.isEqualTo(TrailFixtures.ids(jdbc, id));
		}
		assertThat(TrailFixtures.ids(jdbc, 9_600_003L)).contains(farAhead).hasSize(5);
	}

	private static void legacyHistory(JdbcTemplate jdbc, long bookingId, Instant createdAt) {
		jdbc.update(
				"""
						INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, hotel_id, room_type,
						  check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,
						  booking_created_at, archived_at, archive_reason)
						VALUES (?, ?, 'Legacy Guest', 1, 'standard', ?, ?, 'completed', 'paid', 100.00, 'EUR', ?, ?, 'completed')""",
				bookingId, "LEG-" + bookingId, LocalDate.ofInstant(createdAt, ZoneOffset.UTC).plusDays(60),
				LocalDate.ofInstant(createdAt, ZoneOffset.UTC).plusDays(62), Timestamp.from(createdAt),
				Timestamp.from(createdAt.plusSeconds(90L * 86400)));
	}

}
