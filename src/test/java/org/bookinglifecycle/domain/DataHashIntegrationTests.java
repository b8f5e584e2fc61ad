package org.bookinglifecycle.domain;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class DataHashIntegrationTests {

	@Test
	void javaAndSqlComputeTheSameHashOnEveryRowIncludingOddOnes() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(3000, 8, 3, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update(
				"""
						INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, guest_phone,
						  hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,
						  currency, special_requests, booking_created_at, cancelled_at, archived_at, archive_reason)
						VALUES (900001, 'BK|1', 'Zoë \\ O''Brien|Ça', NULL, '\\N', 1, 'suite', '0999-01-01', '2099-12-31',
						  'Completed', 'paid', 0.10, 'EU', E'line\\nbreak\\ttab', '1970-01-01 00:00:00.000001+00',
						  '1969-12-31 23:59:59.999999+00', now(), 'COMPLETED')""");

		List<String[]> pairs = jdbc.query(
				"SELECT booking_data_hash(h) AS sql_hash, " + BookingSnapshot.HISTORY_COLUMNS
						+ " FROM booking_history h",
				(rs, i) -> new String[] { rs.getString("sql_hash"), DataHash.of(BookingSnapshot.fromHistoryRow(rs)) });

		assertThat(pairs).hasSizeGreaterThan(1000);
		assertThat(pairs).allSatisfy((pair) -> assertThat(pair[1]).isEqualTo(pair[0]));
	}

}
