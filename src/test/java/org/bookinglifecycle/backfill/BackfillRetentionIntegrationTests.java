package org.bookinglifecycle.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
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

	@Test
	void rowsMissingEitherColumnAreTakenAndTheSummaryCountsBoth() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		long legacy = jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class);
		// rows with a tier but no expiry: written before the periods were in the database
		jdbc.execute("""
				BEGIN;
				SET LOCAL lifecycle.legacy_import = 'on';
				INSERT INTO audit_logs (action, resource_type, resource_id, retention_tier, created_at)
				SELECT 'PAYMENT_RECEIVED', 'BOOKING', g, 'critical', TIMESTAMPTZ '2024-02-29 12:00:00+00'
				FROM generate_series(1, 7) g;
				COMMIT""");
		long legacyCritical = jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL AND audit_retention_tier(action) = 'critical'",
				Long.class);

		Cli.Result run = new Cli(database).run("run", "backfill-retention", "gridSize=2", "chunkSize=700");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(run.out()).contains("critical: expiry=7")
			.contains("critical: tier and expiry=" + legacyCritical)
			.contains("left to do: 0");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_logs WHERE retention_tier IS NULL OR data_retention_expires_at IS NULL",
				Long.class))
			.isZero();
		assertThat(jdbc.queryForObject("SELECT data_retention_expires_at = TIMESTAMPTZ '2031-02-28 12:00:00+00' "
				+ "FROM audit_logs WHERE resource_id = 1 AND created_at = TIMESTAMPTZ '2024-02-29 12:00:00+00' "
				+ "AND action = 'PAYMENT_RECEIVED'", Boolean.class))
			.as("seven years after a 29 February is the 28th")
			.isTrue();
		assertThat(legacy).isPositive();
	}

	@Test
	void archiveEntriesWrittenBeforeTheBackfillAreDatedToo() {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result archive = cli.run("run", "archive-bookings", "asOf=2026-11-25");
		Cli.Result backfill = cli.run("run", "backfill-retention", "asOf=2026-11-25");

		assertThat(archive.exit()).as(archive.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(backfill.exit()).as(backfill.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'BOOKING_ARCHIVED'", Long.class))
			.isPositive();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE data_retention_expires_at IS NULL",
				Long.class))
			.as("no row without an expiry: the purge can act on every row")
			.isZero();
	}

	@Test
	void aChangedPeriodMarksItsTierStaleUntilARealignReDatesItsRows() throws Exception {
		DatabaseTarget database = seeded(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		cli.run("run", "backfill-retention", "asOf=2026-11-25");
		Path periods = Files.createTempFile("purge-retention", ".yml");
		Files.writeString(periods,
				"retention:\n  tiers:\n    critical: 7\n    standard: 4\n    system: 1\n  booking-history: 5\n");
		System.setProperty("spring.config.additional-location", "optional:file:" + periods);
		try {
			Cli.Result dryRunFirst = cli.run("run", "backfill-retention", "asOf=2026-11-26", "--dry-run");

			assertThat(dryRunFirst.out()).as("a dry run writes nothing, the periods neither")
				.doesNotContain("stale period");
			assertThat(jdbc.queryForObject("SELECT years FROM lifecycle_retention_periods WHERE tier = 'standard'",
					Integer.class))
				.isEqualTo(3);

			Cli.Result migrate = cli.run("migrate");
			Cli.Result dryRealign = cli.run("run", "backfill-retention", "asOf=2026-11-26", "mode=realign",
					"--dry-run");
			Cli.Result dryRun = cli.run("run", "backfill-retention", "asOf=2026-11-26", "--dry-run");

			assertThat(dryRealign.exit()).isEqualTo(ExitCodes.COMPLETED);
			assertThat(migrate.out()).contains("written for standard");
			assertThat(dryRun.out()).as("a dry realign clears nothing")
				.contains("stale period (mode=realign re-dates) standard=");
			assertThat(jdbc.queryForList(
					"SELECT tier || '=' || years || ':' || expiries_stale FROM lifecycle_retention_periods ORDER BY 1",
					String.class))
				.containsExactly("critical=7:false", "standard=4:true", "system=1:false");

			Cli.Result realign = cli.run("run", "backfill-retention", "asOf=2026-11-26", "mode=realign");

			assertThat(realign.exit()).as(realign.toString()).isEqualTo(ExitCodes.COMPLETED);
			assertThat(realign.out()).contains("standard: re-dated=");
			assertThat(jdbc.queryForObject("""
					SELECT count(*) FROM audit_logs WHERE data_retention_expires_at IS DISTINCT FROM created_at + CASE
					  retention_tier WHEN 'critical' THEN INTERVAL '7 years' WHEN 'standard' THEN INTERVAL '4 years'
					  ELSE INTERVAL '1 year' END""", Long.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT bool_or(expiries_stale) FROM lifecycle_retention_periods",
					Boolean.class))
				.isFalse();
		}
		finally {
			System.clearProperty("spring.config.additional-location");
		}
	}

}
