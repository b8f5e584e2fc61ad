package org.bookinglifecycle.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * purge-retention's pruneHistoryStep on a real job history: verify-integrity run on an
 * empty database, completed, failed (booking_history renamed away), restarted; a running
 * execution written by SQL; then purge-retention keeping 2 completed and 1 failed per
 * job. Which executions survive is read back with SQL of its own. The suite's tables get
 * rows one day either side of each age (default ages, asOf 2026-11-26: cutoff
 * 2026-11-26T00:00:00Z).
 */
class JobHistoryPruningIntegrationTests {

	private static final String AS_OF = "asOf=2026-11-26";

	@Test
	void keepsTheNewestExecutionsPerJobAndWhatRunsOrMayRestartAndPrunesSuiteRowsPastTheirAge() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);

		// given: a job history (C completed, F failed, R failed then restarted)
		long c1 = verify(cli, jdbc, "2026-01-01", ExitCodes.COMPLETED);
		long c2 = verify(cli, jdbc, "2026-01-02", ExitCodes.COMPLETED);
		long f1 = verify(cli, jdbc, "2026-02-01", ExitCodes.FAILED);
		long f2 = verify(cli, jdbc, "2026-02-02", ExitCodes.FAILED);
		long rFailed = verify(cli, jdbc, "2026-02-03", ExitCodes.FAILED);
		long f3 = verify(cli, jdbc, "2026-02-04", ExitCodes.FAILED);
		long fKept = verify(cli, jdbc, "2026-02-05", ExitCodes.FAILED);
		long rCompleted = verify(cli, jdbc, "2026-02-03", ExitCodes.COMPLETED);
		long c3 = verify(cli, jdbc, "2026-01-03", ExitCodes.COMPLETED);
		// dry runs, newer than every night: ranked apart, they push no night out
		long[] dryRuns = new long[3];
		for (int i = 0; i < 3; i++) {
			assertThat(cli.run("run", "verify-integrity", "asOf=2026-03-0" + (i + 1), "--dry-run").exit())
				.isEqualTo(ExitCodes.COMPLETED);
			dryRuns[i] = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
		}
		long restarted = instanceOf(jdbc, rFailed);
		assertThat(instanceOf(jdbc, rCompleted)).as("a restart of the same night").isEqualTo(restarted);
		// the restartable age (30 days) one day either side; older failures far beyond
		age(jdbc, f1, 31);
		age(jdbc, f2, 40);
		age(jdbc, f3, 29);
		age(jdbc, fKept, 40);
		// ABANDONED counts like FAILED
		jdbc.update("UPDATE batch_job_execution SET status = 'ABANDONED' WHERE job_execution_id = ?", f2);
		// a running execution, started long ago by another process
		long running = startedBySql(jdbc);
		// the suite's tables, one day either side of each age
		skippedRow(jdbc, 1, "2025-10-21 00:00:00");
		skippedRow(jdbc, 2, "2025-10-23 00:00:00");
		finding(jdbc, 1, "2025-10-21 00:00:00");
		finding(jdbc, 2, "2025-10-23 00:00:00");
		outbox(jdbc, 1, "2020-01-01 00:00:00", "2026-10-26 00:00:00");
		outbox(jdbc, 2, "2020-01-01 00:00:00", "2026-10-28 00:00:00");
		outbox(jdbc, 3, "2020-01-01 00:00:00", null);
		// evidence: never pruned, however old
		jdbc.update("INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, action, row_count)"
				+ " VALUES (1, DATE '2019-01-01', 'booking_history', 'rows deleted', 3)");

		// when: a dry run, then the run, keeping 2 completed and 1 failed per job
		Path jobs = Files.createTempDirectory("jobs");
		Files.writeString(jobs.resolve("purge-retention.yml"),
				Files.readString(Path.of("jobs/purge-retention.yml"))
					.replace("keep-completed: 100", "keep-completed: 2")
					.replace("keep-failed: 50", "keep-failed: 1"));
		Cli.Result dryRun;
		Cli.Result run;
		System.setProperty(JobDefinitions.DIRECTORY_PROPERTY, jobs.toString());
		try {
			dryRun = cli.run("run", "purge-retention", AS_OF, "--dry-run");
			run = cli.run("run", "purge-retention", AS_OF, "chunkSize=2");
		}
		finally {
			System.clearProperty(JobDefinitions.DIRECTORY_PROPERTY);
		}
		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);

		// then: per job, the newest 2 completed, the newest failed, the recent failure
		// that may be restarted, the running one; the restarted instance keeps its last
		List<Long> purges = jdbc.queryForList("SELECT e.job_execution_id FROM batch_job_execution e"
				+ " JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = 'purge-retention' ORDER BY 1",
				Long.class);
		assertThat(purges).as("the dry run and the run").hasSize(2);
		long dry = purges.get(0);
		long purge = purges.get(1);
		assertThat(jdbc.queryForList("SELECT job_execution_id FROM batch_job_execution", Long.class))
			.containsExactlyInAnyOrder(f3, fKept, rCompleted, c3, running, dry, purge, dryRuns[1], dryRuns[2]);
		assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, purge))
			.isEqualTo("COMPLETED");
		// instances: those of the kept executions, no other
		List<Long> instances = jdbc
			.queryForList("SELECT job_instance_id FROM batch_job_instance ORDER BY job_instance_id", Long.class);
		assertThat(instances).isEqualTo(jdbc.queryForList(
				"SELECT DISTINCT job_instance_id FROM batch_job_execution ORDER BY job_instance_id", Long.class));
		assertThat(instances).as("the restarted night, its failure pruned").contains(restarted);
		// nothing left pointing at a pruned execution; the kept ones keep theirs
		List<Long> pruned = List.of(c1, c2, f1, f2, rFailed, dryRuns[0]);
		for (String table : List.of("lifecycle_execution_owner", "batch_step_execution", "batch_job_execution_context",
				"batch_job_execution_params")) {
			assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE job_execution_id = ANY (?)",
					Long.class, (Object) pruned.toArray(Long[]::new)))
				.as(table)
				.isZero();
		}
		assertThat(jdbc.queryForList("SELECT job_execution_id FROM lifecycle_execution_owner", Long.class))
			.containsExactlyInAnyOrder(f3, fKept, rCompleted, c3, running, dry, purge, dryRuns[1], dryRuns[2]);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution_context c"
				+ " LEFT JOIN batch_step_execution s USING (step_execution_id) WHERE s.step_execution_id IS NULL",
				Long.class))
			.isZero();
		// the suite's tables: what is past its age went, the rest and the ledger stay
		assertThat(jdbc.queryForList("SELECT row_id FROM lifecycle_skipped_rows", Long.class)).containsExactly(2L);
		assertThat(jdbc.queryForList("SELECT booking_history_id FROM integrity_findings", Long.class))
			.containsExactly(2L);
		assertThat(jdbc.queryForList("SELECT aggregate_id FROM lifecycle_outbox ORDER BY 1", Long.class))
			.containsExactly(2L, 3L);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_purge_ledger", Long.class)).isEqualTo(1);

		// the step's counters say what went per table, and the dry run said the same
		Map<String, Long> counted = counts(run.out(), "pruned: ");
		assertThat(counted).containsEntry("batch_job_execution", 6L)
			.containsEntry("batch_job_instance", 5L)
			.containsEntry("lifecycle_execution_owner", 6L)
			.containsEntry("lifecycle_skipped_rows", 1L)
			.containsEntry("integrity_findings", 1L)
			.containsEntry("lifecycle_outbox", 1L);
		assertThat(counts(dryRun.out(), "would prune: ")).isEqualTo(counted);
	}

	@Test
	void refusesKeepCountsAndAgesOutsideWhatIsAllowed() {
		PurgeSettings settings = new PurgeSettings(null, null, null,
				new PurgeSettings.JobHistory(0, -1, java.time.Duration.ofHours(1)),
				new PurgeSettings.SuiteTables(java.time.Duration.ZERO, null, null));
		assertThat(settings.problems()).containsExactly("purge.job-history.keep-completed is 0; allowed: 1 to 100000",
				"purge.job-history.keep-failed is -1; allowed: 1 to 100000",
				"purge.job-history.restartable-age is PT1H; allowed: 1d to 365d",
				"purge.suite-tables.skipped-rows is PT0S; allowed: 1d or more");
		assertThat(new PurgeSettings(null, null, null, null, null).problems()).isEmpty();
	}

	/** Run verify-integrity for a night; a failure comes from booking_history gone. */
	private static long verify(Cli cli, JdbcTemplate jdbc, String asOf, int exit) {
		if (exit == ExitCodes.FAILED) {
			jdbc.execute("ALTER TABLE booking_history RENAME TO booking_history_away");
		}
		Cli.Result result;
		try {
			result = cli.run("run", "verify-integrity", "asOf=" + asOf);
		}
		finally {
			if (exit == ExitCodes.FAILED) {
				jdbc.execute("ALTER TABLE booking_history_away RENAME TO booking_history");
			}
		}
		assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
		return jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
	}

	private static long instanceOf(JdbcTemplate jdbc, long execution) {
		return jdbc.queryForObject("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?",
				Long.class, execution);
	}

	private static void age(JdbcTemplate jdbc, long execution, int days) {
		jdbc.update("UPDATE batch_job_execution SET create_time = create_time - make_interval(days => ?),"
				+ " start_time = start_time - make_interval(days => ?), end_time = end_time - make_interval(days => ?),"
				+ " last_updated = last_updated - make_interval(days => ?) WHERE job_execution_id = ?", days, days,
				days, days, execution);
	}

	private static long startedBySql(JdbcTemplate jdbc) {
		long instance = jdbc.queryForObject("SELECT nextval('batch_job_instance_seq')", Long.class);
		jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
				+ " VALUES (?, 0, 'verify-integrity', 'started-by-sql')", instance);
		long execution = jdbc.queryForObject("SELECT nextval('batch_job_execution_seq')", Long.class);
		jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
				+ " start_time, status, exit_code, last_updated) VALUES (?, 1, ?, LOCALTIMESTAMP - INTERVAL '100 days',"
				+ " LOCALTIMESTAMP - INTERVAL '100 days', 'STARTED', 'UNKNOWN', LOCALTIMESTAMP - INTERVAL '100 days')",
				execution, instance);
		jdbc.update("INSERT INTO lifecycle_execution_owner (job_execution_id, host, pid) VALUES (?, 'elsewhere', 1)",
				execution);
		return execution;
	}

	private static void skippedRow(JdbcTemplate jdbc, long rowId, String recordedAt) {
		jdbc.update("INSERT INTO lifecycle_skipped_rows (job_name, job_instance_id, table_name, row_id, reason,"
				+ " recorded_at) VALUES ('archive-bookings', 1, 'bookings', ?, 'a reason',"
				+ " CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC')", rowId, recordedAt);
	}

	private static void finding(JdbcTemplate jdbc, long historyId, String foundAt) {
		jdbc.update("INSERT INTO integrity_findings (job_instance_id, as_of, booking_history_id, original_booking_id,"
				+ " finding, found_at) VALUES (1, DATE '2025-10-01', ?, ?, 'hash_missing',"
				+ " CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC')", historyId, historyId, foundAt);
	}

	private static void outbox(JdbcTemplate jdbc, long aggregate, String createdAt, String publishedAt) {
		jdbc.update("INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload, created_at, published_at)"
				+ " VALUES ('booking.archived', ?, '{}', CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC',"
				+ " CAST(? AS TIMESTAMP) AT TIME ZONE 'UTC')", aggregate, createdAt, publishedAt);
	}

	/** The {@code table=n} pairs of the line that follows the heading. */
	private static Map<String, Long> counts(String out, String heading) {
		int at = out.indexOf(heading);
		assertThat(at).as(out).isNotNegative();
		String line = out.substring(at + heading.length()).lines().findFirst().orElse("");
		Map<String, Long> counts = new TreeMap<>();
		Matcher matcher = Pattern.compile("(\\w+)=(\\d+)").matcher(line);
		while (matcher.find()) {
			counts.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return counts;
	}

}
