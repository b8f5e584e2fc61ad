package org.bookinglifecycle.anonymize;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.bookinglifecycle.kit.StatusContributor.StatusFigure;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * anonymize-guests' status figures count against today from the application's clock,
 * never the database's {@code current_date}: a clock five years ahead moves the limit,
 * with rows on both sides of it (the database's own date counts neither).
 */
class AnonymizeStatusIntegrationTests {

	@Test
	void theBacklogsLimitIsTheClocksTodayMinusTheJobsPeriod() {
		JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.migrated(getClass()));
		MaskingRules rules = MaskingRules
			.load(JobDefinitions.load().files().get(AnonymizeGuestsJobConfiguration.JOB + ".yml"));
		LocalDate today = LocalDate.of(2031, 6, 15);
		LocalDate limit = today.minus(rules.after());
		// due: the stay ended the day before the limit; not yet: on the limit
		GuestFixtures.stayWithTrail(jdbc, 7_100_001L, limit.minusDays(1), "Due Guest", "due@example.test",
				"+1 555 0101");
		GuestFixtures.stayWithTrail(jdbc, 7_100_002L, limit, "Kept Guest", "kept@example.test", "+1 555 0102");
		booking(jdbc, 7_100_003L, limit.minusDays(1));
		booking(jdbc, 7_100_004L, limit);
		Clock clock = Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

		List<StatusFigure> figures = new AnonymizeGuestsJobConfiguration().anonymizeStatus(rules, clock)
			.figures(jdbc, true);

		String period = rules.after().toString();
		assertThat(value(figures, "history not yet anonymized, stay ended over " + period + " ago")).isEqualTo(1);
		assertThat(value(figures, "bookings never archived, stay ended over " + period + " ago")).isEqualTo(1);
	}

	private static long value(List<StatusFigure> figures, String name) {
		return figures.stream()
			.filter((f) -> f.name().equals(name))
			.map(StatusFigure::value)
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " not in " + figures));
	}

	private static void booking(JdbcTemplate jdbc, long id, LocalDate checkOut) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, hotel_id, room_type, check_in_date, check_out_date,"
				+ " booking_status, payment_status, total_amount, currency) VALUES (?, ?, 1, 'standard', ?, ?,"
				+ " 'completed', 'paid', 80.00, 'EUR')", id, "STATUS-" + id, checkOut.minusDays(2), checkOut);
	}

}
