package org.bookinglifecycle.retention;

import java.time.Duration;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A purge process killed with SIGKILL in the middle of its chunked deletes, then
 * recovered and run again: every expired row goes exactly once (the ledger counts each
 * once), nothing younger goes, and the purged id ranges cover exactly the ids removed, so
 * verify-integrity can still tell them from rows deleted outside the suite. asOf
 * 2026-11-26: the cutoff is 2026-11-26T00:00:00Z.
 */
class PurgeRetentionKillIntegrationTests {

	private static final String AS_OF = "asOf=2026-11-26";

	@Test
	void aPurgeKilledMidwayIsRecoveredAndFinishedWithoutLosingOrCountingARowTwice() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		seed(jdbc, cli);

		Process child = ChildProcess.start("run", "purge-retention", AS_OF, "chunkSize=20", "throttle=150ms",
				"--db-url", database.url());
		try {
			// killed once at least five chunks of expired audit rows are committed, while
			// the rest still waits
			await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForObject(
						"SELECT count(*) FROM audit_logs WHERE id IN (SELECT id FROM expected_gone)", Long.class),
						(left) -> left <= 500);
		}
		finally {
			child.destroyForcibly().waitFor();
		}
		long leftAtKill = jdbc
			.queryForObject("SELECT count(*) FROM audit_logs WHERE id IN (SELECT id FROM expected_gone)", Long.class);
		Cli.Result recovered = cli.run("recover");
		Cli.Result rerun = cli.run("run", "purge-retention", AS_OF);

		assertThat(leftAtKill).as("killed midway, not before or after the deletes").isBetween(1L, 500L);
		assertThat(recovered.out()).contains("recovered");
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_instance WHERE job_name = 'purge-retention'",
				Long.class))
			.as("the same night, restarted")
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE id IN (SELECT id FROM expected_gone)",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM expected_kept k WHERE NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.id = k.id)",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class)).isEqualTo(20);
		// the ledger counts every removed row once, across the killed run and the rerun
		assertThat(jdbc.queryForObject("SELECT sum(row_count) FROM lifecycle_purge_ledger WHERE table_name ="
				+ " 'audit_logs' AND action = 'rows deleted'", Long.class))
			.isEqualTo(601);
		assertThat(jdbc.queryForObject("SELECT sum(row_count) FROM lifecycle_purge_ledger WHERE table_name ="
				+ " 'booking_history' AND action = 'rows deleted'", Long.class))
			.isEqualTo(200);
		// the purged ranges cover every removed id and no surviving one (every audit row
		// here is referenced by a kept history row)
		assertThat(jdbc.queryForObject("SELECT count(*) FROM expected_gone g WHERE NOT EXISTS (SELECT 1 FROM"
				+ " lifecycle_purged_audit_ranges r WHERE g.id BETWEEN r.min_id AND r.max_id)", Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM expected_kept k WHERE EXISTS (SELECT 1 FROM"
				+ " lifecycle_purged_audit_ranges r WHERE k.id BETWEEN r.min_id AND r.max_id)", Long.class))
			.isZero();
	}

	@Test
	void maxRuntimeStopsThePurgeBetweenTwoChunksOfExpiredAuditRowsAndTheRerunFinishes() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		seed(jdbc, cli);

		// 31 calls of 20 rows, 300 ms apart: far longer than 2 s
		Cli.Result stopped = cli.run("run", "purge-retention", AS_OF, "chunkSize=20", "throttle=300ms",
				"maxRuntime=2s");
		long left = jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE id IN (SELECT id FROM expected_gone)",
				Long.class);
		long history = jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class);
		Cli.Result rerun = cli.run("run", "purge-retention", AS_OF);

		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);
		assertThat(left).as("stopped in the tasklet step, between its chunks").isBetween(1L, 600L);
		assertThat(history).as("the history step, after it, not reached").isEqualTo(220);
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE id IN (SELECT id FROM expected_gone)",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT sum(row_count) FROM lifecycle_purge_ledger WHERE table_name ="
				+ " 'audit_logs' AND action = 'rows deleted'", Long.class))
			.isEqualTo(601);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class)).isEqualTo(20);
	}

	private static void seed(JdbcTemplate jdbc, Cli cli) {
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		// the plain audit_logs (every row goes by the chunked path): 600 expired logins
		// (system, 1 year) interleaved with 300 young payments (critical, 7 years), so a
		// tier's purged ids must be split at the survivors
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at)"
				+ " SELECT CASE WHEN i % 3 = 0 THEN 'PAYMENT_RECEIVED' ELSE 'USER_LOGIN' END, 'BOOKING', 10200 + i % 20,"
				+ " TIMESTAMPTZ '2025-06-01 00:00:00+00' + i * INTERVAL '1 minute' FROM generate_series(1, 900) i");
		// a login one second either side of its expiry
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES"
				+ " ('USER_LOGIN', 'BOOKING', 10200, TIMESTAMPTZ '2025-11-25 23:59:59+00'),"
				+ " ('USER_LOGIN', 'BOOKING', 10201, TIMESTAMPTZ '2025-11-26 00:00:01+00')");
		// booking_history: 200 check-outs before 2021-11-26 (five years), 20 on or after
		// it
		for (int i = 0; i < 220; i++) {
			PurgeRetentionIntegrationTests.history(jdbc, 10_000 + i,
					(i < 200) ? "2020-01-01" : (i < 210) ? "2021-11-26" : "2022-03-01");
		}
		jdbc.update("UPDATE booking_history SET check_out_date = DATE '2021-11-25' WHERE original_booking_id = 10199");
		// the kept stays (10200-10219) point at their audit trails
		jdbc.update(
				"UPDATE booking_history h SET audit_log_ids = (SELECT array_agg(a.id ORDER BY a.id) FROM audit_logs a"
						+ " WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id)"
						+ " WHERE h.original_booking_id >= 10200");
		jdbc.execute("CREATE TABLE expected_gone AS SELECT id FROM audit_logs WHERE data_retention_expires_at"
				+ " < TIMESTAMPTZ '2026-11-26 00:00:00+00'");
		jdbc.execute("CREATE TABLE expected_kept AS SELECT id FROM audit_logs WHERE data_retention_expires_at"
				+ " >= TIMESTAMPTZ '2026-11-26 00:00:00+00'");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM expected_gone", Long.class)).isEqualTo(601);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM expected_kept", Long.class)).isEqualTo(301);

	}

}
