package org.bookinglifecycle.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.operations.DatabaseChoice;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The tests' clock keeps its day across midnight and the machine's instants, and a
 * context started inside {@link FixedToday#on} uses it.
 */
class FixedTodayTests {

	private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

	@Test
	void startedAMinuteBeforeMidnightItIsStillThatDayHoursLater() {
		Instant start = Instant.parse("2026-12-07T23:59:00Z");
		Clock clock = FixedToday.clock(DAY, Clock.fixed(start, ZoneOffset.UTC));

		assertThat(clock.instant()).isEqualTo(start);
		assertThat(LocalDate.now(clock)).isEqualTo(DAY);
		Clock later = Clock.offset(clock, Duration.ofHours(11).plusMinutes(59));
		assertThat(LocalDate.now(later)).isEqualTo(DAY);
		assertThat(LocalDate.now(Clock.offset(clock, Duration.ofHours(12).plusMinutes(1))))
			.as("noon plus 12 hours is the next day")
			.isEqualTo(DAY.plusDays(1));
	}

	@Test
	void startedAfterMidnightItIsStillTheDayBefore() {
		Clock clock = FixedToday.clock(DAY, Clock.fixed(Instant.parse("2026-12-08T00:30:00Z"), ZoneOffset.UTC));

		assertThat(LocalDate.now(clock)).isEqualTo(DAY);
	}

	@Test
	void aContextStartedInsideOnTakesTheClockAndOneStartedAfterDoesNot() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		LocalDate today = LocalDate.now();
		ContextClock inside = FixedToday.on(today, () -> clockOf(database));
		ContextClock after = clockOf(database);

		assertThat(inside.fixedToday()).isTrue();
		assertThat(LocalDate.now(inside.clock())).isEqualTo(today);
		assertThat(after.fixedToday()).isFalse();
		assertThat(after.clock()).isEqualTo(Clock.systemDefaultZone());
	}

	private static ContextClock clockOf(DatabaseTarget database) {
		try (LifecycleRuntime runtime = new LifecycleRuntime(new DatabaseChoice(database.url(), null, null, null))) {
			return new ContextClock(runtime.context().containsBean("fixedTodayClock"), runtime.bean(Clock.class));
		}
	}

	private record ContextClock(boolean fixedToday, Clock clock) {

	}

	@Test
	void aDayTooFarFromTheMachinesIsRefused() {
		assertThatIllegalStateException().isThrownBy(
				() -> FixedToday.clock(DAY, Clock.fixed(Instant.parse("2026-12-09T07:00:00Z"), ZoneOffset.UTC)));
	}

}
