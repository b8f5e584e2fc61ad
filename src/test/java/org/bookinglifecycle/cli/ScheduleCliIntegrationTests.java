package org.bookinglifecycle.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs} and {@code schedule --plan} as ops see the schedules of
 * {@code jobs/*.yml}, and the daemon's command line refused before anything starts. The
 * daemon itself is not started here.
 */
class ScheduleCliIntegrationTests {

	private static final String SHIPPED_CRON = "cron: \"0 0 2 * * ?\"";

	private static final Pattern FIRE = Pattern.compile("(?m)^  (\\S+)  runs the night of asOf=(\\S+)$");

	private static DatabaseTarget database;

	private static Cli cli;

	@BeforeAll
	static void database() {
		database = TestDatabase.migrated(ScheduleCliIntegrationTests.class);
		cli = new Cli(database);
	}

	@Test
	void jobsShowsTheChainAndTheNextFireWithoutADatabase() {
		Instant before = Instant.now();

		Cli.Result jobs = new Cli(null).run("jobs");

		assertThat(jobs.exit()).as(jobs.toString()).isEqualTo(ExitCodes.COMPLETED);
		Matcher head = Pattern
			.compile("schedule: cron '0 0 2 \\* \\* \\?' in UTC, heads chain nightly; next fire (\\S+) ")
			.matcher(jobs.out());
		assertThat(head.find()).as(jobs.out()).isTrue();
		Instant next = Instant.parse(head.group(1));
		assertThat(next.atOffset(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
		assertThat(next).isAfter(before).isBefore(Instant.now().plus(Duration.ofHours(24)));
		assertThat(jobs.out()).contains("schedule: right after maintain-partitions")
			.contains("schedule: right after purge-retention");
	}

	@Test
	void thePlanOfTheShippedFilesIsOneNightADayAndNoTriggerYet() {
		Cli.Result plan = cli.run("schedule", "--plan");

		assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(plan.out()).contains("for the next 24 h (nothing is started)")
			.contains(
					"nightly (maintain-partitions -> archive-bookings -> backfill-audit-log-ids -> anonymize-guests -> scan-pii"
							+ " -> purge-retention -> verify-integrity): cron '0 0 2 * * ?' in UTC, misfire catch-up within PT6H, retry 3 attempts")
			.contains("no trigger in the database yet");
		List<Instant> fires = fires(plan);
		assertThat(fires).hasSize(1);
		assertThat(fires.get(0).atOffset(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
		assertThat(plan.out())
			.contains("runs the night of asOf=" + fires.get(0).atOffset(ZoneOffset.UTC).toLocalDate());
		assertNothingStarted();
	}

	@Test
	void aQuarterHourlyCronPlans96FiresShowingTheFirst50() {
		Cli.Result plan = cli.runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace(SHIPPED_CRON, "cron: \"0 */15 * * * ?\""), "schedule", "--plan");

		assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(plan.out()).contains("cron '0 */15 * * * ?' in UTC")
			.contains("... and 46 more fires")
			.contains("no trigger in the database yet");
		List<Instant> fires = fires(plan);
		assertThat(fires).hasSize(50);
		for (int i = 1; i < fires.size(); i++) {
			assertThat(Duration.between(fires.get(i - 1), fires.get(i))).isEqualTo(Duration.ofMinutes(15));
		}
		assertNothingStarted();
	}

	@Test
	void aBadCronInAnEditedFileStopsPlanAndJobsNamingFileAndLine() {
		Cli.Result plan = cli.runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace(SHIPPED_CRON, "cron: \"0 0 25 * * ?\""), "schedule", "--plan");
		Cli.Result jobs = cli.runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace(SHIPPED_CRON, "cron: \"0 0 25 * * ?\""), "jobs");

		for (Cli.Result result : List.of(plan, jobs)) {
			assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(result.err()).contains("maintain-partitions.yml, line 21")
				.contains("job.schedule.cron '0 0 25 * * ?' is not valid")
				.contains("allowed: a Quartz cron, seconds first");
		}
		assertNothingStarted();
	}

	@Test
	void aPortOutsideZeroTo65535IsBadUsage() {
		Cli.Result tooHigh = cli.run("schedule", "--port", "70000");
		Cli.Result negative = cli.run("schedule", "--plan", "--port=-1");
		Cli.Result highest = cli.run("schedule", "--plan", "--port", "65535");
		Cli.Result anyFree = cli.run("schedule", "--plan", "--port", "0");

		assertThat(tooHigh.exit()).as(tooHigh.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(tooHigh.err()).contains("--port 70000 is not a port; allowed: 0 to 65535");
		assertThat(negative.exit()).as(negative.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(negative.err()).contains("--port -1 is not a port");
		assertThat(highest.exit()).as(highest.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(anyFree.exit()).as(anyFree.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertNothingStarted();
	}

	@Test
	void thePlanLooksOneHourToAMonthAhead() {
		Cli.Result none = cli.run("schedule", "--plan", "--hours", "0");
		Cli.Result tooFar = cli.run("schedule", "--plan", "--hours", "745");
		Cli.Result oneHour = cli.run("schedule", "--plan", "--hours", "1");
		Cli.Result month = cli.run("schedule", "--plan", "--hours", "744");

		assertThat(none.exit()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(none.err()).contains("--hours 0 is not allowed; allowed: 1 to 744");
		assertThat(tooFar.exit()).as(tooFar.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(tooFar.err()).contains("--hours 745 is not allowed");
		assertThat(oneHour.exit()).as(oneHour.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(fires(oneHour)).hasSizeLessThanOrEqualTo(1);
		assertThat(month.exit()).as(month.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(fires(month)).hasSize(31);
	}

	private static List<Instant> fires(Cli.Result plan) {
		return FIRE.matcher(plan.out()).results().map((fire) -> Instant.parse(fire.group(1))).toList();
	}

	private static void assertNothingStarted() {
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_triggers", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_instance", Integer.class)).isZero();
	}

}
