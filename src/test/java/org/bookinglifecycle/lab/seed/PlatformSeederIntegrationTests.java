package org.bookinglifecycle.lab.seed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformSeederIntegrationTests {

	private static final PlatformSeeder.Options OPTIONS = new PlatformSeeder.Options(4000, 8, 7,
			LocalDate.of(2026, 11, 25));

	private static JdbcTemplate seeded;

	private static PlatformSeeder.Result result;

	@BeforeAll
	static void seed() {
		DatabaseTarget database = TestDatabase.migrated(PlatformSeederIntegrationTests.class);
		result = new PlatformSeeder(database.dataSource()).seed(OPTIONS, (done) -> {
		});
		seeded = TestDatabase.jdbc(database);
	}

	@Test
	void sameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
		JdbcTemplate same = seedInto(OPTIONS);
		JdbcTemplate other = seedInto(new PlatformSeeder.Options(4000, 8, 8, LocalDate.of(2026, 11, 25)));

		for (String table : List.of("bookings", "booking_history", "audit_logs")) {
			assertThat(fingerprint(same, table)).as(table).isEqualTo(fingerprint(seeded, table));
			assertThat(fingerprint(other, table)).as(table).isNotEqualTo(fingerprint(seeded, table));
		}
	}

	@Test
	void countsAddUpAndIdsFollowTime() {
		assertThat(result.activeBookings() + result.historyRows()).isEqualTo(4000);
		assertThat(count("SELECT count(*) FROM bookings")).isEqualTo(result.activeBookings());
		assertThat(count("SELECT count(*) FROM booking_history")).isEqualTo(result.historyRows());
		assertThat(count("SELECT count(*) FROM audit_logs")).isEqualTo(result.auditRows());
		assertThat(count("SELECT count(*) FROM bookings b JOIN booking_history h ON h.original_booking_id = b.id"))
			.isZero();
		assertThat(count("SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (ORDER BY id) AS back "
				+ "FROM bookings) t WHERE back"))
			.isZero();
		assertThat(count("SELECT nextval(pg_get_serial_sequence('bookings', 'id')) - 4000")).isPositive();
	}

	@Test
	void everyStatusAndPaymentStatusIsThere() {
		assertThat(seeded.queryForList("SELECT DISTINCT lower(booking_status) FROM bookings", String.class))
			.contains("pending", "confirmed", "checked_in", "completed", "cancelled", "no_show");
		assertThat(seeded.queryForList("SELECT DISTINCT payment_status FROM bookings", String.class))
			.contains("pending", "paid", "refunded", "partially_refunded", "failed");
		assertThat(seeded.queryForList("SELECT DISTINCT action FROM audit_logs", String.class)).contains(
				"BOOKING_CREATED", "BOOKING_UPDATED", "PAYMENT_RECEIVED", "PAYMENT_FAILED", "BOOKING_CANCELLED",
				"REFUND_ISSUED", "BOOKING_CHECKED_IN", "BOOKING_CHECKED_OUT", "BOOKING_NO_SHOW", "USER_LOGIN",
				"CHANNEL_SYNC", "HEALTH_CHECK");
	}

	@Test
	void auditPayloadsCarryPersonalDataLikeThePlatformsDo() {
		assertThat(count("SELECT count(*) FROM audit_logs WHERE action = 'BOOKING_CREATED' "
				+ "AND new_values -> 'guest' ->> 'email' LIKE '%@%'"))
			.isPositive();
		assertThat(count(
				"SELECT count(*) FROM audit_logs WHERE action = 'PAYMENT_RECEIVED' " + "AND new_values ? 'payer_name'"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM audit_logs a JOIN bookings b ON b.id = a.resource_id "
				+ "WHERE a.action = 'BOOKING_CREATED' AND a.new_values -> 'guest' ->> 'name' <> b.guest_name "
				+ "AND a.new_values <> '{}'"))
			.isZero();
	}

	@Test
	void messyRowsAreThere() {
		assertThat(count("SELECT count(*) FROM bookings WHERE guest_phone IS NULL")).isPositive();
		assertThat(count("SELECT count(*) FROM bookings WHERE booking_status <> lower(booking_status)")
				+ count("SELECT count(*) FROM booking_history WHERE booking_status <> lower(booking_status)"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM audit_logs WHERE new_values = '{}'")).isPositive();
	}

	@Test
	void legacyHistoryIsOldFinishedAndUnverified() {
		assertThat(count("SELECT count(*) FROM booking_history WHERE check_out_date >= DATE '2023-11-25'")).isZero();
		assertThat(count("SELECT count(*) FROM booking_history WHERE lower(booking_status) "
				+ "NOT IN ('completed', 'cancelled', 'no_show')"))
			.isZero();
		assertThat(count(
				"SELECT count(*) FROM booking_history WHERE data_hash IS NOT NULL " + "OR audit_log_ids IS NOT NULL"))
			.isZero();
		assertThat(count("SELECT count(*) FROM bookings WHERE check_out_date < DATE '2023-11-25' "
				+ "AND booking_status IN ('completed', 'cancelled') AND payment_status IN ('paid', 'refunded')"))
			.as("old finished bookings the archive job will move")
			.isZero();
	}

	@Test
	void seededAuditRowsHaveNoRetentionLikeTheLegacyPlatformsRows() {
		assertThat(count("SELECT count(*) FROM audit_logs WHERE retention_tier IS NOT NULL "
				+ "OR data_retention_expires_at IS NOT NULL"))
			.isZero();
	}

	@Test
	void seedingReportsTheBookingsWrittenUpToAllOfThem() {
		DatabaseTarget database = TestDatabase.migrated(PlatformSeederIntegrationTests.class);
		List<Long> reported = new ArrayList<>();

		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(25_000, 2, 7, LocalDate.of(2026, 11, 25)), reported::add);

		assertThat(reported).containsExactly(10_000L, 20_000L, 25_000L);
		assertThat(TestDatabase.jdbc(database)
			.queryForObject("SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM booking_history)",
					Long.class))
			.isEqualTo(25_000);
	}

	private static JdbcTemplate seedInto(PlatformSeeder.Options options) {
		DatabaseTarget database = TestDatabase.migrated(PlatformSeederIntegrationTests.class);
		new PlatformSeeder(database.dataSource()).seed(options, (done) -> {
		});
		return TestDatabase.jdbc(database);
	}

	private static String fingerprint(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table + " t",
				String.class);
	}

	private static long count(String sql) {
		return seeded.queryForObject(sql, Long.class);
	}

}
