package org.bookinglifecycle.kit.definition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.kit.definition.JobSchedule.Misfire;
import org.bookinglifecycle.kit.definition.JobSchedule.Retry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobScheduleTests {

	private static final String NIGHTLY = "0 0 2 * * ?";

	private static final String QUARTER_HOURLY = "0 */15 * * * ?";

	@Test
	void aFireAtTwoBelongsToThatNightOneSecondBeforeToThePreviousOne() {
		JobSchedule schedule = cron(NIGHTLY, "UTC");

		Instant atTwo = schedule.nightOf(at("2026-06-10T02:00:00Z")).orElseThrow();
		Instant justBefore = schedule.nightOf(at("2026-06-10T01:59:59Z")).orElseThrow();

		assertThat(atTwo).isEqualTo(at("2026-06-10T02:00:00Z"));
		assertThat(schedule.asOf(atTwo)).isEqualTo(LocalDate.parse("2026-06-10"));
		assertThat(justBefore).isEqualTo(at("2026-06-09T02:00:00Z"));
		assertThat(schedule.asOf(justBefore)).isEqualTo(LocalDate.parse("2026-06-09"));
	}

	@Test
	void aRetryOrCatchUpAfterMidnightStillBelongsToTheNightBefore() {
		JobSchedule schedule = cron(NIGHTLY, "UTC");

		Instant retry = schedule.nightOf(at("2026-06-11T00:30:00Z")).orElseThrow();
		Instant lastSecond = schedule.nightOf(at("2026-06-11T01:59:59Z")).orElseThrow();
		Instant catchUp = schedule.nightOf(at("2026-06-10T08:00:00Z")).orElseThrow();

		assertThat(retry).isEqualTo(at("2026-06-10T02:00:00Z"));
		assertThat(schedule.asOf(retry)).isEqualTo(LocalDate.parse("2026-06-10"));
		assertThat(lastSecond).isEqualTo(at("2026-06-10T02:00:00Z"));
		assertThat(catchUp).isEqualTo(at("2026-06-10T02:00:00Z"));
	}

	@Test
	void theTimeZoneGivesTheCronsHoursAndTheNightsDate() {
		// 00:30 in Berlin (summer, UTC+2) is 22:30 UTC the day before
		JobSchedule berlin = cron("0 30 0 * * ?", "Europe/Berlin");
		JobSchedule utc = cron("0 30 0 * * ?", "UTC");

		Instant berlinNight = berlin.nightOf(at("2026-06-09T23:00:00Z")).orElseThrow();
		Instant utcNight = utc.nightOf(at("2026-06-09T23:00:00Z")).orElseThrow();

		assertThat(berlinNight).isEqualTo(at("2026-06-09T22:30:00Z"));
		assertThat(berlin.asOf(berlinNight)).isEqualTo(LocalDate.parse("2026-06-10"));
		assertThat(utcNight).isEqualTo(at("2026-06-09T00:30:00Z"));
		assertThat(utc.asOf(utcNight)).isEqualTo(LocalDate.parse("2026-06-09"));
		// one second before the Berlin fire is still the night before
		assertThat(berlin.asOf(berlin.nightOf(at("2026-06-09T22:29:59Z")).orElseThrow()))
			.isEqualTo(LocalDate.parse("2026-06-09"));
	}

	@Test
	void onTheAutumnChangeATwoOClockCronFiresOnceAtTheSecondTwoOClock() {
		// 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, so 02:00 happens twice
		JobSchedule berlin = cron(NIGHTLY, "Europe/Berlin");

		List<Instant> fires = berlin.firesBetween(at("2026-10-23T12:00:00Z"), at("2026-10-27T12:00:00Z"));

		assertThat(fires).containsExactly(at("2026-10-24T00:00:00Z"), at("2026-10-25T01:00:00Z"),
				at("2026-10-26T01:00:00Z"), at("2026-10-27T01:00:00Z"));
		assertThat(fires).extracting(berlin::asOf)
			.containsExactly(LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-25"),
					LocalDate.parse("2026-10-26"), LocalDate.parse("2026-10-27"));
		// the first 02:00 (CEST, 00:00 UTC) is not a fire: until the second one it is
		// still the night of the 24th
		assertThat(berlin.asOf(berlin.nightOf(at("2026-10-25T00:30:00Z")).orElseThrow()))
			.isEqualTo(LocalDate.parse("2026-10-24"));
		assertThat(berlin.asOf(berlin.nightOf(at("2026-10-25T01:00:00Z")).orElseThrow()))
			.isEqualTo(LocalDate.parse("2026-10-25"));
	}

	@Test
	void onTheSpringChangeQuartzSkipsATwoOClockCronSoThatDateHasNoNight() {
		// 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, 02:00 never happens;
		// Quartz
		// does not move the fire to 03:00, it skips the day (a 03:00 cron is unaffected)
		JobSchedule twoOClock = cron(NIGHTLY, "Europe/Berlin");
		JobSchedule threeOClock = cron("0 0 3 * * ?", "Europe/Berlin");

		List<Instant> fires = twoOClock.firesBetween(at("2026-03-27T12:00:00Z"), at("2026-03-30T12:00:00Z"));

		assertThat(fires).extracting(twoOClock::asOf)
			.containsExactly(LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-30"));
		assertThat(twoOClock.asOf(twoOClock.nightOf(at("2026-03-29T12:00:00Z")).orElseThrow()))
			.as("all of the 29th is still the night of the 28th")
			.isEqualTo(LocalDate.parse("2026-03-28"));
		assertThat(threeOClock.firesBetween(at("2026-03-27T12:00:00Z"), at("2026-03-30T12:00:00Z")))
			.extracting(threeOClock::asOf)
			.containsExactly(LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-29"),
					LocalDate.parse("2026-03-30"));
	}

	@Test
	void firesBetweenExcludesTheStartAndIncludesTheEnd() {
		JobSchedule schedule = cron(NIGHTLY, "UTC");

		assertThat(schedule.firesBetween(at("2026-06-10T02:00:00Z"), at("2026-06-11T02:00:00Z")))
			.containsExactly(at("2026-06-11T02:00:00Z"));
		assertThat(schedule.firesBetween(at("2026-06-10T01:59:59Z"), at("2026-06-11T01:59:59Z")))
			.containsExactly(at("2026-06-10T02:00:00Z"));
		assertThat(schedule.firesBetween(at("2026-06-10T02:00:00Z"), at("2026-06-11T01:59:59Z"))).isEmpty();
	}

	@Test
	void overADayADailyCronFiresOnceAndAQuarterHourlyOne96Times() {
		Instant from = at("2026-06-10T09:07:13Z");
		Instant onTheQuarter = at("2026-06-10T09:15:00Z");
		JobSchedule daily = cron(NIGHTLY, "UTC");
		JobSchedule quarterHourly = cron(QUARTER_HOURLY, "UTC");

		assertThat(daily.firesBetween(from, from.plus(Duration.ofHours(24)))).hasSize(1);
		assertThat(quarterHourly.firesBetween(from, from.plus(Duration.ofHours(24)))).hasSize(96);
		assertThat(quarterHourly.firesBetween(onTheQuarter, onTheQuarter.plus(Duration.ofHours(24)))).hasSize(96)
			.startsWith(at("2026-06-10T09:30:00Z"))
			.endsWith(at("2026-06-11T09:15:00Z"));
	}

	@Test
	void nextFireIsTheFirstFireStrictlyAfter() {
		JobSchedule schedule = cron(NIGHTLY, "UTC");

		assertThat(schedule.nextFire(at("2026-06-10T01:59:59Z"))).contains(at("2026-06-10T02:00:00Z"));
		assertThat(schedule.nextFire(at("2026-06-10T02:00:00Z"))).contains(at("2026-06-11T02:00:00Z"));
		assertThat(cron("0 0 2 * * ? 2020", "UTC").nextFire(at("2026-06-10T02:00:00Z"))).as("a cron of the past")
			.isEmpty();
	}

	@Test
	void aChainedJobHasNoFiresOfItsOwn() {
		JobSchedule chained = chained(null);

		assertThat(chained.firesBetween(at("2026-06-10T00:00:00Z"), at("2026-06-12T00:00:00Z"))).isEmpty();
		assertThat(chained.nextFire(at("2026-06-10T00:00:00Z"))).isEmpty();
		assertThat(chained.nightOf(at("2026-06-10T00:00:00Z"))).isEmpty();
	}

	@Test
	void theWaitAfterAFailedAttemptDoublesUpToMaxBackoff() {
		Retry retry = new Retry(20, Duration.ofMinutes(5), Duration.ofHours(1));

		assertThat(List.of(1, 2, 3, 4, 5, 6, 20)).extracting(retry::waitAfter)
			.containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
					Duration.ofMinutes(40), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
	}

	@Test
	void aWaitThatReachesMaxBackoffExactlyIsKeptAndTheNextIsCapped() {
		Retry retry = new Retry(5, Duration.ofMinutes(15), Duration.ofHours(1));
		Retry backoffAboveMax = new Retry(3, Duration.ofHours(2), Duration.ofHours(1));

		assertThat(retry.waitAfter(2)).isEqualTo(Duration.ofMinutes(30));
		assertThat(retry.waitAfter(3)).isEqualTo(Duration.ofHours(1));
		assertThat(retry.waitAfter(4)).isEqualTo(Duration.ofHours(1));
		assertThat(backoffAboveMax.waitAfter(1)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void aJobsRetryIsItsOwnElseItsHeadsElseTheDefault() {
		Retry own = new Retry(2, Duration.ofMinutes(1), Duration.ofMinutes(10));
		Retry heads = new Retry(5, Duration.ofMinutes(2), Duration.ofMinutes(30));
		JobSchedule head = cron(NIGHTLY, "UTC", heads);
		JobSchedule headWithout = cron(NIGHTLY, "UTC", null);

		assertThat(chained(own).retryIn(head)).isEqualTo(own);
		assertThat(chained(null).retryIn(head)).isEqualTo(heads);
		assertThat(chained(null).retryIn(headWithout)).isEqualTo(Retry.DEFAULT);
		assertThat(head.retryIn(head)).isEqualTo(heads);
		assertThat(Retry.DEFAULT).isEqualTo(new Retry(3, Duration.ofMinutes(5), Duration.ofHours(1)));
	}

	private static JobSchedule cron(String cron, String zone) {
		return cron(cron, zone, null);
	}

	private static JobSchedule cron(String cron, String zone, Retry retry) {
		return new JobSchedule(cron, zone, null, true, "nightly", Misfire.CATCH_UP, JobSchedule.DEFAULT_CATCH_UP_WINDOW,
				retry, List.of());
	}

	private static JobSchedule chained(Retry retry) {
		return new JobSchedule(null, "UTC", "maintain-partitions", true, null, Misfire.CATCH_UP,
				JobSchedule.DEFAULT_CATCH_UP_WINDOW, retry, List.of());
	}

	private static Instant at(String instant) {
		return Instant.parse(instant);
	}

}
