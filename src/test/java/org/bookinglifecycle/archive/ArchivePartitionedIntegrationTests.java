package org.bookinglifecycle.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * archive-bookings on a partitioned audit_logs: the chunk's trails are read in one pass,
 * bounded in time, and still every event of a booking lands in its audit_log_ids, in
 * order: events in two tiers and three months, one written a second before the booking's
 * created_at, one in a tier's default partition.
 */
class ArchivePartitionedIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse(ArchiveFixtures.AS_OF);

	@Test
	void everyEventOfATrailLandsInAuditLogIdsInOrderWhateverLeafItIsIn() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		List<Long> bookings = List.of(9_500_001L, 9_500_002L, 9_500_003L);
		for (int i = 0; i < bookings.size(); i++) {
			long id = bookings.get(i);
			ArchiveFixtures.insertBooking(jdbc, id, "completed", "paid", AS_OF.minusDays(40 + 20 * i), null);
			Instant createdAt = AS_OF.minusDays(120 + 30 * i).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
			jdbc.update("UPDATE bookings SET created_at = ? WHERE id = ?", java.sql.Timestamp.from(createdAt), id);
			TrailFixtures.trail(jdbc, id, 66_000_000L + i, createdAt, "Trail Guest", "trail" + i + "@example.org");
		}
		PartitionedAuditLogs.convert(database);
		TrailFixtures.farAhead(jdbc, 9_500_002L, 66_000_001L, AS_OF, "trail1@example.org");
		long farAhead = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class);
		assertThat(TrailFixtures.inDefaultPartition(jdbc, farAhead)).isTrue();
		List<List<Long>> expected = new ArrayList<>();
		for (long id : bookings) {
			expected.add(TrailFixtures.ids(jdbc, id));
		}

		Cli.Result run = new Cli(database).run("run", "archive-bookings", "asOf=" + AS_OF, "chunkSize=2");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		for (int i = 0; i < bookings.size(); i++) {
			long id = bookings.get(i);
			List<Long> ids = jdbc.queryForList(
					"SELECT unnest(audit_log_ids) FROM booking_history WHERE original_booking_id = ?", Long.class, id);
			long entry = jdbc.queryForObject("SELECT id FROM audit_logs WHERE resource_type = 'BOOKING'"
					+ " AND resource_id = ? AND action = 'BOOKING_ARCHIVED'", Long.class, id);
			List<Long> trail = new ArrayList<>(expected.get(i));
			trail.add(entry);
			assertThat(ids).as("booking %d", id).isEqualTo(trail);
		}
		assertThat(expected.get(1)).contains(farAhead).hasSize(5);
		assertThat(expected.get(0)).hasSize(4);
	}

}
