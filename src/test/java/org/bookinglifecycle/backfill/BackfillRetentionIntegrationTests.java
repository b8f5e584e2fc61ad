package org.bookinglifecycle.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillRetentionIntegrationTests {

	static DatabaseTarget seeded(Class<?> owner) {
		DatabaseTarget database = TestDatabase.migrated(owner);
		new PlatformSeeder(database.dataSource())
			.seed(new PlatformSeeder.Options(3000, 8, 9, LocalDate.of(2026, 11, 25)), (done) -> {
			});
		return database;
	}

	@Test
	void everyRowGetsTheTierOfItsActionAndTheExpiryOfItsTier() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		// written as a legacy import is (R__audit_logs_set_retention.sql): no tier
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET lifecycle.legacy_import = 'on'");
				statement.execute("INSERT INTO audit_logs (action, resource_type, created_at) "
						+ "VALUES ('MYSTERY_ACTION', 'SYSTEM', now())");
			}
			return null;
		});
		Cli cli = new Cli(database);

		Cli.Result dryRun = cli.run("run", "backfill-retention", "--dry-run");

		assertThat(dryRun.exit()).as(dryRun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(dryRun.out()).contains("without tier critical=")
			.contains("without expiry system=")
			.contains("unclassified action MYSTERY_ACTION=1");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE retention_tier IS NOT NULL", Long.class))
			.isZero();

		Cli.Result run = cli.run("run", "backfill-retention", "gridSize=2", "chunkSize=500");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL", Long.class))
			.isZero();
		// the mapping of the issue, written out independently of audit_retention_tier
		assertThat(jdbc.queryForObject(
				"""
						SELECT count(*) FROM audit_logs WHERE retention_tier IS DISTINCT FROM CASE
						  WHEN action IN ('PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'REFUND_ISSUED', 'BOOKING_CANCELLED', 'GDPR_EXPORT')
						    THEN 'critical'
						  WHEN action IN ('USER_LOGIN', 'CHANNEL_SYNC', 'HEALTH_CHECK') THEN 'system'
						  ELSE 'standard' END""",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM audit_logs WHERE data_retention_expires_at IS DISTINCT FROM created_at + CASE
				  retention_tier WHEN 'critical' THEN INTERVAL '7 years' WHEN 'standard' THEN INTERVAL '3 years'
				  ELSE INTERVAL '1 year' END""", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT retention_tier FROM audit_logs WHERE action = 'MYSTERY_ACTION'",
				String.class))
			.isEqualTo("standard");
	}

	@Test
	void rowsThePlatformInsertsAreDatedByTheTrigger() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		new Cli(database).run("run", "backfill-retention");

		// the platform's own INSERT, naming none of the suite's columns
		jdbc.update("INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, created_at) "
				+ "VALUES (7, 'PAYMENT_RECEIVED', 'BOOKING', 1, '{}', TIMESTAMPTZ '2026-01-01 00:00:00+00')");

		assertThat(jdbc.queryForMap("SELECT retention_tier, data_retention_expires_at = TIMESTAMPTZ "
				+ "'2033-01-01 00:00:00+00' AS seven_years FROM audit_logs WHERE id = (SELECT max(id) FROM audit_logs)"))
			.containsEntry("retention_tier", "critical")
			.containsEntry("seven_years", true);
	}

	@Test
	void aStoppedBackfillContinuesWhereEachRangeStopped() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result stopped = cli.run("run", "backfill-retention", "asOf=2026-11-25", "gridSize=2", "chunkSize=200",
				"maxRuntime=0s");
		Cli.Result resumed = cli.run("run", "backfill-retention", "asOf=2026-11-25", "gridSize=2", "chunkSize=200");

		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitCodes.STOPPED);
		assertThat(resumed.exit()).as(resumed.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL", Long.class))
			.isZero();
	}

	@Test
	void badPeriodsStopTheRunBeforeAnyWork() throws Exception {
		DatabaseTarget database = seeded(getClass());
		Path periods = Files.createTempFile("purge-retention", ".yml");
		Files.writeString(periods,
				"retention:\n  tiers:\n    critical: 0\n    standard: 3\n    system: 1\n    debug: 1\n");
		System.setProperty("spring.config.additional-location", "optional:file:" + periods);
		try {
			Cli.Result run = new Cli(database).run("run", "backfill-retention");

			assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(run.err()).contains("jobs/purge-retention.yml is not valid")
				.contains("retention.tiers.critical is 0")
				.contains("retention.tiers.debug is not a tier");
		}
		finally {
			System.clearProperty("spring.config.additional-location");
		}
	}

}
