package org.bookinglifecycle.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.integrity.IntegrityFixtures;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class CliIntegrationTests {

	private static DatabaseTarget database;

	private static JdbcTemplate jdbc;

	private static Cli cli;

	@BeforeAll
	static void database() {
		database = IntegrityFixtures.seeded(CliIntegrationTests.class, false);
		jdbc = TestDatabase.jdbc(database);
		cli = new Cli(database);
	}

	@Test
	void helpAndBadCommandLinesNeverTouchTheDatabase() {
		Cli.Result help = new Cli(null).run("run", "--help");
		Cli.Result unknownCommand = new Cli(null).run("archive-everything");
		Cli.Result missingJob = new Cli(null).run("run");

		assertThat(help.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(help.out()).contains("--dry-run").contains("Exit codes");
		assertThat(unknownCommand.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownCommand.err()).contains("Unmatched argument").contains("archive-everything");
		assertThat(missingJob.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(missingJob.err()).contains("Missing required parameter: 'JOB'");
	}

	@Test
	void badRunRequestsExitTwoNamingWhatIsWrongAndWhatIsAllowed() {
		Cli.Result unknownJob = cli.run("run", "archive-everything");
		Cli.Result malformed = cli.run("run", "verify-integrity", "chunkSize");
		Cli.Result unknownParameter = cli.run("run", "verify-integrity", "chunk=10");
		Cli.Result badValue = cli.run("run", "verify-integrity", "asOf=yesterday");

		assertThat(unknownJob.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownJob.err()).contains("Unknown job 'archive-everything'").contains("verify-integrity");
		assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(malformed.err()).contains("expected name=value").contains("chunkSize");
		assertThat(unknownParameter.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownParameter.err()).contains("Unknown parameter 'chunk'").contains("allowed are asOf");
		assertThat(badValue.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(badValue.err()).contains("asOf='yesterday'").contains("YYYY-MM-DD");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i "
				+ "USING (job_instance_id) WHERE i.job_name <> 'verify-integrity' OR e.job_execution_id IS NULL",
				Integer.class))
			.isZero();
	}

	@Test
	void aCompletedNightHasNothingToRestart() {
		Cli.Result run = cli.run("run", "verify-integrity", "asOf=2025-06-01");
		long id = lastExecutionId();

		Cli.Result again = cli.run("run", "verify-integrity", "asOf=2025-06-01");
		Cli.Result restart = cli.run("restart", String.valueOf(id));
		Cli.Result stop = cli.run("stop", String.valueOf(id));
		Cli.Result abandon = cli.run("abandon", String.valueOf(id));
		Cli.Result recover = cli.run("recover", String.valueOf(id));

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(again.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(again.err()).contains("already completed for asOf=2025-06-01");
		assertThat(restart.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(restart.err()).contains("completed: nothing to restart");
		assertThat(stop.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(abandon.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(recover.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(lastExecutionId()).isEqualTo(id);
	}

	@Test
	void unknownExecutionIsBadUsage() {
		Cli.Result restart = cli.run("restart", "987654");
		Cli.Result show = cli.run("show", "987654");

		assertThat(restart.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(restart.err()).contains("There is no job execution 987654");
		assertThat(show.exit()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void anAbandonedExecutionIsNeverRestarted() {
		Cli.Result stopped = cli.run("run", "verify-integrity", "asOf=2025-06-02", "maxRuntime=0s");
		long id = lastExecutionId();

		Cli.Result abandon = cli.run("abandon", String.valueOf(id));
		Cli.Result restart = cli.run("restart", String.valueOf(id));

		assertThat(stopped.exit()).isEqualTo(ExitCodes.STOPPED);
		assertThat(abandon.exit()).as(abandon.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(restart.exit()).isEqualTo(ExitCodes.NOTHING_TO_DO);
		assertThat(restart.err()).contains("abandoned");
	}

	@Test
	void executionsShowJobsAndStatusReportWhatHappened() {
		cli.run("run", "verify-integrity", "asOf=2025-06-03");
		long id = lastExecutionId();

		Cli.Result executions = cli.run("executions", "--job", "verify-integrity", "--status", "completed");
		Cli.Result show = cli.run("show", String.valueOf(id));
		Cli.Result jobs = cli.run("jobs");
		Cli.Result status = cli.run("status");

		assertThat(executions.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(executions.out()).contains("2025-06-03").contains("COMPLETED").doesNotContain("STOPPED");
		assertThat(show.out()).contains("verifyHistoryStep")
			.contains("hash_missing=3, hash_mismatch=0")
			.contains("owner: pid " + ProcessHandle.current().pid());
		assertThat(jobs.out()).contains("verify-integrity  (nightly)").contains("chunkSize").contains("maxRuntime");
		assertThat(status.out()).contains("active bookings")
			.contains("history without hash")
			.contains("verify-integrity");
		assertThat(executions.out() + show.out() + status.out()).doesNotContain("(edited)").doesNotContain("@");
	}

	@Test
	void jobsNeedsNoDatabase() throws Exception {
		Path directory = Files.createTempDirectory("jobs-without-database");
		Path log = ChildProcess.logFile();

		Process jobs = ChildProcess.start(directory, log, "jobs");

		assertThat(jobs.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(jobs.exitValue()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(Files.readString(log)).contains("archive-bookings  (nightly)")
			.contains("schedule: cron '0 0 2 * * ?' in UTC")
			.contains("schedule: right after archive-bookings in chain nightly")
			.doesNotContain("PostgreSQL");
		assertThat(directory.resolve(".lifecycle")).as("no embedded database started").doesNotExist();
	}

	@Test
	void aJobsDirectoryThatIsNotThereIsBadUsageNotTheDefaultsSilently() {
		System.setProperty(JobDefinitions.DIRECTORY_PROPERTY, "/nonexistent/jobs-typo");
		try {
			Cli.Result jobs = new Cli(null).run("jobs");
			Cli.Result run = cli.run("run", "verify-integrity", "asOf=2025-07-01");

			assertThat(jobs.exit()).isEqualTo(ExitCodes.USAGE);
			assertThat(jobs.err()).contains("'/nonexistent/jobs-typo'").contains("is not a directory");
			assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
			assertThat(
					jdbc.queryForObject(
							"SELECT count(*) FROM batch_job_execution_params "
									+ "WHERE parameter_name = 'asOf' AND parameter_value = '2025-07-01'",
							Integer.class))
				.as("nothing started")
				.isZero();
		}
		finally {
			System.clearProperty(JobDefinitions.DIRECTORY_PROPERTY);
		}
	}

	@Test
	void aBadScheduleStopsEveryCommandWithExitTwoNamingFileAndLine() throws Exception {
		Path overrides = Files.createTempDirectory("jobs");
		Files.writeString(overrides.resolve("verify-integrity.yml"),
				"job:\n  summary: s\n  kind: nightly\n  restart: r\n  schedule:\n    cron: \"0 0 25 * * ?\"\n");
		System.setProperty(JobDefinitions.DIRECTORY_PROPERTY, overrides.toString());
		try {
			Cli.Result jobs = new Cli(null).run("jobs");
			Cli.Result run = cli.run("run", "verify-integrity");

			assertThat(jobs.exit()).isEqualTo(ExitCodes.USAGE);
			assertThat(jobs.err()).contains("verify-integrity.yml, line 6").contains("job.schedule.cron");
			assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
			assertThat(run.err()).contains("verify-integrity.yml, line 6");
		}
		finally {
			System.clearProperty(JobDefinitions.DIRECTORY_PROPERTY);
		}
	}

	@Test
	void aCommandAJobPackageAddsIsFoundListedAndRunWithTheDatabaseOptions() {
		Cli.Result help = new Cli(null).run("--help");
		Cli.Result count = cli.run("count-bookings", "--status", "completed");
		Cli.Result badOption = cli.run("count-bookings", "--colour", "red");

		assertThat(help.out()).contains("count-bookings").contains("Count the active bookings.");
		assertThat(count.exit()).as(count.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count.out()).contains("bookings: "
				+ jdbc.queryForObject("SELECT count(*) FROM bookings WHERE booking_status = 'completed'", Long.class));
		assertThat(badOption.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(badOption.err()).contains("Unknown options: '--colour'");
	}

	@Test
	void showPrintsTheEvidenceTheJobKeptInItsOwnTables() {
		cli.run("run", "verify-integrity", "asOf=2025-06-04");
		long id = lastExecutionId();

		Cli.Result show = cli.run("show", String.valueOf(id));

		assertThat(show.out()).contains("findings recorded (integrity_findings): hash_missing=" + jdbc.queryForObject(
				"SELECT count(*) FROM integrity_findings WHERE finding = 'hash_missing' AND as_of = DATE '2025-06-04'",
				Long.class));
	}

	@Test
	void recoverWithNothingLeftRunningSaysSo() {
		Cli.Result recover = cli.run("recover");
		Cli.Result forceAll = cli.run("recover", "--force");

		assertThat(recover.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(recover.out()).contains("no execution is left running");
		assertThat(forceAll.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(forceAll.err()).contains("--force needs an EXECUTION");
	}

	private static long lastExecutionId() {
		return jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
	}

}
