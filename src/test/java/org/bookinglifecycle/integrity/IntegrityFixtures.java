package org.bookinglifecycle.integrity;

import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A seeded database whose history rows all carry a correct hash, except a few whose hash
 * was removed and a few changed behind the suite's back, spread over the id range.
 */
public final class IntegrityFixtures {

	static final int BOOKINGS = 6000;

	private IntegrityFixtures() {
	}

	public static DatabaseTarget seededWithProblems(Class<?> owner) {
		return seeded(owner, true);
	}

	/**
	 * A seeded database whose history rows carry a correct hash but three whose hash is
	 * missing, and, if {@code tampered}, three changed behind the suite's back (integrity
	 * failures).
	 * @param owner the test class
	 * @param tampered whether to change three rows
	 * @return the database
	 */
	public static DatabaseTarget seeded(Class<?> owner, boolean tampered) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(BOOKINGS, 8, 11, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update("UPDATE booking_history h SET data_hash = booking_data_hash(h)");
		List<Long> ids = jdbc.queryForList("SELECT id FROM booking_history ORDER BY id", Long.class);
		int n = ids.size();
		for (long id : List.of(ids.get(5), ids.get(n / 2), ids.get(n - 3))) {
			jdbc.update("UPDATE booking_history SET data_hash = NULL WHERE id = ?", id);
		}
		if (tampered) {
			for (long id : List.of(ids.get(10), ids.get(n / 2 + 7), ids.get(n - 1))) {
				jdbc.update("UPDATE booking_history SET guest_name = guest_name || ' (edited)' WHERE id = ?", id);
			}
		}
		return database;
	}

	/** The findings an independent query expects, as "id:kind", in id order. */
	public static List<String> expectedFindings(JdbcTemplate jdbc) {
		return jdbc.queryForList("""
				SELECT id || ':' || CASE WHEN data_hash IS NULL THEN 'hash_missing' ELSE 'hash_mismatch' END
				FROM booking_history h
				WHERE data_hash IS NULL OR data_hash <> booking_data_hash(h)
				ORDER BY id""", String.class);
	}

	public static List<String> recordedFindings(JdbcTemplate jdbc, String asOf) {
		return jdbc.queryForList("SELECT booking_history_id || ':' || finding FROM integrity_findings "
				+ "WHERE as_of = ?::date ORDER BY booking_history_id", String.class, asOf);
	}

}
