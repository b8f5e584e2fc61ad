package org.bookinglifecycle.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedule daemon as ops run it: {@code schedule} processes (separate JVMs) on one
 * database, a chain firing every few seconds from edited copies of {@code jobs/*.yml},
 * killed, stopped and woken with real signals. Expected figures come from SQL on the
 * database, never from the daemon's own output.
 */
class ScheduleDaemonIntegrationTests {

	private static final int BOOKINGS = 1500;

	/** Cluster and owner timings short enough for a test; the defaults are minutes. */
	private static final List<String> FAST = List.of("-Dlifecycle.schedule.checkin-interval=PT1S",
			"-Dlifecycle.schedule.take-over-poll=PT0.5S", "-Dlifecycle.schedule.take-over-wait=PT4S",
			"-Dlifecycle.owner.heartbeat-interval=PT1S", "-Dlifecycle.owner.heartbeat-timeout=PT4S");

	private static final String BOTH_TABLES = "SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM booking_history)";

	private final List<Process> daemons = new ArrayList<>();

	private long seededRows;

	@TempDir
	Path home;

	@AfterEach
	void killLeftovers() throws InterruptedException {
		for (Process daemon : this.daemons) {
			if (daemon.isAlive()) {
				daemon.destroyForcibly().waitFor();
			}
		}
	}

	@Test
	void twoDaemonsFireEachDueTriggerOnceAndServeHealthAndMetrics() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?")));

		Daemon first = start(database, "first");
		Daemon second = start(database, "second");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'fire'"),
					(fires) -> fires >= 8);

		// each node serves health and metrics without login
		for (Daemon daemon : List.of(first, second)) {
			HttpResponse<String> health = get(daemon.port(), "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"scheduler\"").contains("\"db\"");
			HttpResponse<String> metrics = get(daemon.port(), "/actuator/prometheus");
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(metrics.body()).contains("hikaricp_connections");
		}
		String scrapes = get(first.port(), "/actuator/prometheus").body()
				+ get(second.port(), "/actuator/prometheus").body();
		assertThat(scrapes).as("Spring Batch's observations of the night's jobs")
			.contains("spring_batch_job_seconds_count{error=\"none\",spring_batch_job_name=\"maintain-partitions\"")
			// registered twice by Spring Batch (spring-batch #4753): the scrape still
			// answers
			.contains("spring_batch_job_active_seconds");
		assertThat(scrapes).as("the alert rules' gauges, evaluated by the daemons (jobs/alerts.yml)")
			.contains("lifecycle_alerts_firing{rule=\"audit-log-volume\",severity=\"warning\",subject=\"\"} 0.0")
			.contains("lifecycle_alerts_value{rule=\"audit-log-volume\",subject=\"\"}");

		stop(first);
		stop(second);
		// every scheduled fire ran on exactly one node
		List<Map<String, Object>> fires = jdbc.queryForList("""
				SELECT substring(detail FROM 'scheduled at ([^ ,]+)') AS fire_time, count(*) AS nodes,
				       string_agg(actor, '; ') AS actors
				FROM lifecycle_operations_log WHERE action = 'fire' GROUP BY 1 ORDER BY 1""");
		assertThat(fires).hasSizeGreaterThanOrEqualTo(8);
		assertThat(fires).allSatisfy((fire) -> assertThat(fire.get("nodes")).as(fire.toString()).isEqualTo(1L));
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'refused'"))
			.as("no second node ever waited for a night the first one ran")
			.isZero();
		// one night (today's asOf), run once: later fires of the same day find it
		// complete
		assertThat(jdbc.queryForList("""
				SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'nightly'""", String.class)).containsExactly("COMPLETED");
		assertThat(count(jdbc, """
				SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'verify-integrity' AND e.status = 'COMPLETED'""")).isEqualTo(1);
	}

	@Test
	void aNightMissedWhileEveryNodeWasDownIsCaughtUpWithinItsWindowAndSkippedBeyondIt() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// two daily crons that fired two hours ago: the nightly chain (catch-up window 6
		// h)
		// and verify-integrity on a cron of its own (window 1 h)
		ZonedDateTime twoHoursAgo = ZonedDateTime.now(ZoneOffset.UTC).minusHours(2).withSecond(0).withNano(0);
		String daily = "0 " + twoHoursAgo.getMinute() + " " + twoHoursAgo.getHour() + " * * ?";
		jobsDirectory(Map.of("maintain-partitions.yml", cron(daily), "verify-integrity.yml",
				(yml) -> yml.replace("    after: purge-retention\n",
						"    cron: \"" + daily + "\"\n    chain: verify-night\n    catch-up-window: 1h\n")));
		// the triggers exist (a daemon ran once), then every node was down at the fire
		// time
		stop(start(database, "before"));
		jdbc.update("UPDATE qrtz_triggers SET next_fire_time = ? WHERE trigger_group = 'lifecycle'",
				twoHoursAgo.toInstant().toEpochMilli());

		Daemon back = start(database, "back");
		await().atMost(Duration.ofSeconds(90))
			.until(() -> count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'skip'"),
					(skips) -> skips >= 1);
		await().atMost(Duration.ofSeconds(90)).until(() -> statuses(jdbc, "nightly").contains("COMPLETED"));
		stop(back);

		String asOf = "asOf=" + twoHoursAgo.toLocalDate();
		assertThat(jdbc.queryForList("SELECT detail FROM lifecycle_operations_log WHERE action = 'fire'"
				+ " AND job_name = 'nightly' AND detail LIKE '%attempt%'", String.class))
			.singleElement(as(InstanceOfAssertFactories.STRING))
			.startsWith(asOf)
			.containsPattern("2 h [012] min late \\(catch-up\\), attempt 1");
		assertThat(jdbc.queryForList(
				"SELECT job_name || ': ' || detail FROM lifecycle_operations_log WHERE action = 'skip'", String.class))
			.singleElement(as(InstanceOfAssertFactories.STRING))
			.startsWith("verify-night: " + asOf)
			.containsPattern("missed by 2 h [012] min, beyond the catch-up window of 60 min");
		assertThat(statuses(jdbc, "nightly")).containsExactly("COMPLETED");
		assertThat(statuses(jdbc, "verify-night")).isEmpty();
		// verify-integrity heads its own chain here, which was skipped
		assertThat(statuses(jdbc, "verify-integrity")).isEmpty();
	}

	@Test
	void sigtermStopsTheNightAtAChunkBoundaryExitsZeroAndAnotherNodeResumesIt() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?"), "archive-bookings.yml", slowArchive()));

		Daemon first = start(database, "first");
		awaitArchiveCommits(jdbc, 3);
		first.process().destroy(); // SIGTERM
		assertThat(first.process().waitFor(90, TimeUnit.SECONDS)).isTrue();

		assertThat(first.process().exitValue()).as(first.log()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("STOPPED");
		assertThat(statuses(jdbc, "nightly")).containsExactly("STOPPED");
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'resume-scheduled'"))
			.isEqualTo(1);
		assertArchiveInvariant(jdbc);

		Daemon second = start(database, "second");
		await().atMost(Duration.ofSeconds(120)).until(() -> statuses(jdbc, "nightly").contains("COMPLETED"));
		stop(second);

		// the same job instances restarted, not new ones that redo work
		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("STOPPED", "COMPLETED");
		assertThat(statuses(jdbc, "nightly")).containsExactly("STOPPED", "COMPLETED");
		assertThat(count(jdbc, "SELECT count(*) FROM batch_job_instance WHERE job_name = 'archive-bookings'"))
			.isEqualTo(1);
		assertArchiveInvariant(jdbc);
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE " + archivable())).isZero();
	}

	@Test
	void aKilledNodesNightIsTakenOverAndCompletedByTheOtherNode() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?"), "archive-bookings.yml", slowArchive()));

		Daemon first = start(database, "first");
		Daemon second = start(database, "second");
		awaitArchiveCommits(jdbc, 3);
		Daemon runner = runnerOf(jdbc, first, second);
		Daemon other = (runner == first) ? second : first;
		runner.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown, nothing
														// updated

		await().atMost(Duration.ofSeconds(180)).until(() -> statuses(jdbc, "nightly").contains("COMPLETED"));
		stop(other);

		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("FAILED", "COMPLETED");
		assertThat(count(jdbc, "SELECT count(*) FROM batch_job_instance WHERE job_name = 'archive-bookings'"))
			.isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'recover'"))
			.isGreaterThanOrEqualTo(2);
		assertArchiveInvariant(jdbc);
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE " + archivable())).isZero();
	}

	@Test
	void aStoppedNodeThatWakesAfterItsNightWasTakenOverCommitsNothing() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?"), "archive-bookings.yml", slowArchive()));

		Daemon first = start(database, "first");
		Daemon second = start(database, "second");
		awaitArchiveCommits(jdbc, 3);
		Daemon runner = runnerOf(jdbc, first, second);
		Daemon other = (runner == first) ? second : first;
		long stale = jdbc.queryForObject("""
				SELECT e.job_execution_id FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'archive-bookings' AND e.status = 'STARTED'""", Long.class);
		signal("STOP", runner.process()); // a long GC pause, a network split: alive,
											// silent

		await().atMost(Duration.ofSeconds(180)).until(() -> statuses(jdbc, "nightly").contains("COMPLETED"));
		String committedBeforeWake = stepCounts(jdbc, stale);
		long historyBeforeWake = count(jdbc, "SELECT count(*) FROM booking_history");
		signal("CONT", runner.process());
		// it wakes, tries its next chunk, and finds it no longer owns the execution
		await().atMost(Duration.ofSeconds(60)).until(() -> runner.log().contains("fenced"));
		stop(other);
		runner.process().destroy();
		runner.process().waitFor(60, TimeUnit.SECONDS);

		assertThat(stepCounts(jdbc, stale)).isEqualTo(committedBeforeWake);
		assertThat(count(jdbc, "SELECT count(*) FROM booking_history")).isEqualTo(historyBeforeWake);
		assertThat(statuses(jdbc, "archive-bookings")).startsWith("FAILED").endsWith("COMPLETED");
		assertArchiveInvariant(jdbc);
		assertThat(count(jdbc, "SELECT count(*) FROM bookings WHERE " + archivable())).isZero();
	}

	@Test
	void aFailedNightIsRetriedOnTheSameInstanceAndCompletesOnceTheFaultIsGone() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		injectFault(jdbc);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?", "1s", 3)));

		Daemon daemon = start(database, "only");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'retry-scheduled'"),
					(retries) -> retries >= 1);
		jdbc.execute("DROP TRIGGER injected_fault ON booking_history");
		await().atMost(Duration.ofSeconds(120)).until(() -> statuses(jdbc, "nightly").contains("COMPLETED"));
		stop(daemon);

		List<String> nights = statuses(jdbc, "nightly");
		assertThat(nights).last().isEqualTo("COMPLETED");
		assertThat(nights.subList(0, nights.size() - 1)).isNotEmpty().containsOnly("FAILED");
		assertThat(count(jdbc, "SELECT count(*) FROM batch_job_instance WHERE job_name = 'nightly'")).isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM batch_job_instance WHERE job_name = 'archive-bookings'"))
			.isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'gave-up'")).isZero();
		assertArchiveInvariant(jdbc);
	}

	@Test
	void aNightThatKeepsFailingStopsAfterItsLastAttemptAndIsCounted() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		injectFault(jdbc);
		jobsDirectory(Map.of("maintain-partitions.yml", cron("*/2 * * * * ?", "1s", 3)));

		Daemon daemon = start(database, "only");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'gave-up'"),
					(gaveUp) -> gaveUp >= 1);
		String metrics = get(daemon.port(), "/actuator/prometheus").body();
		stop(daemon);

		assertThat(statuses(jdbc, "nightly")).containsExactly("FAILED", "FAILED", "FAILED");
		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("FAILED", "FAILED", "FAILED");
		assertThat(count(jdbc, "SELECT count(*) FROM batch_job_instance WHERE job_name = 'nightly'")).isEqualTo(1);
		assertThat(jdbc.queryForList(
				"SELECT detail FROM lifecycle_operations_log WHERE action = 'retry-scheduled'" + " ORDER BY id",
				String.class))
			.hasSize(2)
			.allSatisfy((detail) -> assertThat(detail).contains("asOf=" + today()));
		assertThat(metrics).contains("lifecycle_schedule_nights_failed_total{chain=\"nightly\"} 1.0");
		// nothing lost: the failed chunks rolled back
		assertArchiveInvariant(jdbc);
	}

	@Test
	void aJobRunningElsewhereIsRefusedFromTheCliAndFromTheDaemon() throws Exception {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// slower than the others: the by-hand night must outlast a daemon's start on a
		// busy
		// machine (at 150 ms it had ended before the daemon's first fire)
		jobsDirectory(
				Map.of("maintain-partitions.yml", cron("*/2 * * * * ?"), "archive-bookings.yml", slowArchive("400ms")));

		// a night started by hand from a shell (its archive is slow)
		Process byHand = ChildProcess.start(this.home, FAST, this.home.resolve("by-hand.log"), "run", "nightly",
				"asOf=" + today(), "--db-url", database.url());
		this.daemons.add(byHand);
		awaitArchiveCommits(jdbc, 2);
		long archive = jdbc.queryForObject(
				"""
						SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
						WHERE i.job_name = 'archive-bookings'""",
				Long.class);

		// the CLI refuses a second start, naming the running execution and its owner
		Cli.Result second = new Cli(database).run("run", "archive-bookings", "asOf=2026-01-01");
		assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(second.err()).contains("execution " + archive).contains("pid " + byHand.pid());

		// the daemon's fire finds the night running with a live owner, and leaves it
		Daemon daemon = start(database, "daemon");
		await().atMost(Duration.ofSeconds(90))
			.until(() -> count(jdbc, "SELECT count(*) FROM lifecycle_operations_log WHERE action = 'refused'"),
					(refused) -> refused >= 1);
		assertThat(byHand.waitFor(120, TimeUnit.SECONDS)).isTrue();
		stop(daemon);

		assertThat(byHand.exitValue()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("COMPLETED");
		assertThat(statuses(jdbc, "nightly")).containsExactly("COMPLETED");
		assertArchiveInvariant(jdbc);
	}

	@Test
	void aNightRestartsAtTheFailedJobAndNeverRerunsAJobCompletedForItsAsOf() {
		DatabaseTarget database = seeded();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		String asOf = "asOf=" + today();
		// an operator already ran the head of the chain alone for this night
		assertThat(cli.run("run", "maintain-partitions", asOf).exit()).isEqualTo(ExitCodes.COMPLETED);
		injectFault(jdbc);

		Cli.Result failed = cli.run("run", "nightly", asOf);
		jdbc.execute("DROP TRIGGER injected_fault ON booking_history");
		Cli.Result resumed = cli.run("run", "nightly", asOf);

		assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(resumed.exit()).as(resumed.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(statuses(jdbc, "maintain-partitions")).containsExactly("COMPLETED");
		assertThat(statuses(jdbc, "archive-bookings")).containsExactly("FAILED", "COMPLETED");
		assertThat(statuses(jdbc, "nightly")).containsExactly("FAILED", "COMPLETED");
		// the first night found the head completed; the restart went straight to the
		// archive, and only the jobs after it ran
		List<String> steps = jdbc.queryForList("""
				SELECT s.step_name || ' ' || s.status || ' ' || coalesce(s.exit_message, '')
				FROM batch_step_execution s JOIN batch_job_execution e USING (job_execution_id)
				JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'nightly' ORDER BY s.step_execution_id""", String.class);
		assertThat(steps.get(0)).startsWith("maintain-partitions COMPLETED")
			.contains("already completed for this asOf by execution");
		assertThat(steps.get(1)).startsWith("archive-bookings FAILED");
		assertThat(steps.get(2)).startsWith("archive-bookings COMPLETED");
		assertThat(steps.subList(2, steps.size())).noneMatch((step) -> step.startsWith("maintain-partitions"));
		assertArchiveInvariant(jdbc);
	}

	// --- fixtures

	private record Daemon(Process process, Path logFile, int port) {

		String log() {
			try {
				return Files.readString(this.logFile);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private Daemon start(DatabaseTarget database, String name) {
		Path log = this.home.resolve(name + ".log");
		Process process = ChildProcess.start(this.home, FAST, log, "schedule", "--port", "0", "--db-url",
				database.url());
		this.daemons.add(process);
		Pattern up = Pattern.compile("health http://localhost:(\\d+)/");
		int port = await().atMost(Duration.ofSeconds(90)).until(() -> {
			if (!process.isAlive()) {
				throw new AssertionError("daemon " + name + " ended: " + Files.readString(log));
			}
			Matcher matcher = up.matcher(Files.readString(log));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}, (p) -> p > 0);
		return new Daemon(process, log, port);
	}

	private static void stop(Daemon daemon) throws InterruptedException {
		daemon.process().destroy();
		assertThat(daemon.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
		assertThat(daemon.process().exitValue()).as(daemon.log()).isEqualTo(ExitCodes.COMPLETED);
	}

	private DatabaseTarget seeded() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(BOOKINGS, 3, 11, today()), (done) -> {
		});
		this.seededRows = count(TestDatabase.jdbc(database), BOTH_TABLES);
		return database;
	}

	private void jobsDirectory(Map<String, UnaryOperator<String>> edits) throws IOException {
		Path jobs = Files.createDirectories(this.home.resolve("jobs"));
		for (Map.Entry<String, UnaryOperator<String>> edit : edits.entrySet()) {
			String packaged = Files.readString(Path.of("jobs", edit.getKey()));
			String edited = edit.getValue().apply(packaged);
			assertThat(edited).as("the edit of " + edit.getKey() + " applied").isNotEqualTo(packaged);
			Files.writeString(jobs.resolve(edit.getKey()), edited);
		}
	}

	private static UnaryOperator<String> cron(String cron) {
		return (yml) -> yml.replace("cron: \"0 0 2 * * ?\"", "cron: \"" + cron + "\"");
	}

	private static UnaryOperator<String> cron(String cron, String backoff, int attempts) {
		return (yml) -> cron(cron).apply(yml)
			.replace("attempts: 3", "attempts: " + attempts)
			.replace("backoff: 5m", "backoff: " + backoff);
	}

	/**
	 * The archive in chunks of 10 with a pause: a night that lasts long enough to act on.
	 */
	private static UnaryOperator<String> slowArchive() {
		return slowArchive("150ms");
	}

	private static UnaryOperator<String> slowArchive(String throttle) {
		return (yml) -> yml.replace("    after: maintain-partitions\n",
				"    after: maintain-partitions\n    parameters:\n      chunkSize: 10\n      throttle: " + throttle
						+ "\n");
	}

	private static void injectFault(JdbcTemplate jdbc) {
		jdbc.execute("""
				CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'injected fault'; END $$""");
		jdbc.execute("CREATE TRIGGER injected_fault BEFORE INSERT ON booking_history FOR EACH ROW "
				+ "EXECUTE FUNCTION injected_fault()");
	}

	private static void awaitArchiveCommits(JdbcTemplate jdbc, int commits) {
		await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, """
				SELECT coalesce(max(s.commit_count), 0) FROM batch_step_execution s
				JOIN batch_job_execution e USING (job_execution_id) JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'archive-bookings' AND s.status = 'STARTED'"""), (n) -> n >= commits);
	}

	private static Daemon runnerOf(JdbcTemplate jdbc, Daemon... daemons) {
		long pid = jdbc.queryForObject("""
				SELECT o.pid FROM lifecycle_execution_owner o JOIN batch_job_execution e USING (job_execution_id)
				JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'archive-bookings' AND e.status = 'STARTED'""", Long.class);
		for (Daemon daemon : daemons) {
			if (daemon.process().pid() == pid) {
				return daemon;
			}
		}
		throw new AssertionError("no daemon runs the archive (owner pid " + pid + ")");
	}

	private static String stepCounts(JdbcTemplate jdbc, long execution) {
		return jdbc.queryForObject("SELECT string_agg(step_name || ' ' || status || ' ' || write_count || ' '"
				+ " || commit_count, '; ' ORDER BY step_execution_id) FROM batch_step_execution"
				+ " WHERE job_execution_id = ?", String.class, execution);
	}

	private static void signal(String signal, Process process) throws IOException, InterruptedException {
		assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor()).isZero();
	}

	private static List<String> statuses(JdbcTemplate jdbc, String job) {
		return jdbc.queryForList("""
				SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = ? ORDER BY e.job_execution_id""", String.class, job);
	}

	private static String archivable() {
		// the default rules on today's asOf, written apart from the job's SQL
		String asOf = "DATE '" + today() + "'";
		return "(booking_status = 'completed' AND payment_status IN ('paid', 'refunded') AND check_out_date <= " + asOf
				+ " - 30) OR (booking_status = 'cancelled' AND payment_status IN ('paid', 'refunded', "
				+ "'partially_refunded') AND (cancelled_at AT TIME ZONE 'UTC')::date <= " + asOf
				+ " - 7) OR (booking_status = 'no_show' AND payment_status IN ('paid', 'refunded', "
				+ "'partially_refunded') AND check_out_date <= " + asOf + " - 7)";
	}

	/**
	 * Each booking seeded is in exactly one of the two tables (the seed's own history
	 * included): nothing lost, nothing duplicated.
	 */
	private void assertArchiveInvariant(JdbcTemplate jdbc) {
		assertThat(count(jdbc, BOTH_TABLES)).isEqualTo(this.seededRows);
		assertThat(count(jdbc,
				"SELECT count(*) FROM (SELECT id FROM bookings UNION ALL"
						+ " SELECT original_booking_id FROM booking_history) t"))
			.isEqualTo(count(jdbc, "SELECT count(DISTINCT id) FROM (SELECT id FROM bookings UNION ALL"
					+ " SELECT original_booking_id FROM booking_history) t"));
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		Long value = jdbc.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
