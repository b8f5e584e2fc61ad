package org.bookinglifecycle.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over random data (a fixed seed per case, so a failure can be replayed): after a purge,
 * nothing younger than its tier's period is gone and nothing older survives, holds aside.
 * The expectation is computed here from each row's own date and action, with the periods
 * written out, not read from the suite.
 */
class PurgeRetentionPropertyIntegrationTests {

	private static final String[] ACTIONS = { "PAYMENT_RECEIVED", "REFUND_ISSUED", "BOOKING_UPDATED", "GUEST_CHANGED",
			"USER_LOGIN", "CHANNEL_SYNC" };

	private static final int[] YEARS = { 7, 7, 3, 3, 1, 1 };

	/** 2026-11-26T00:00:00Z, the cutoff of asOf=2026-11-26. */
	private static final Instant CUTOFF = Instant.parse("2026-11-26T00:00:00Z");

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void nothingYoungerThanItsTierGoesAndNothingOlderSurvives(long seed) {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		assertThat(cli.run("migrate").exit()).isEqualTo(ExitCodes.COMPLETED);
		Random random = new Random(seed);
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			int kind = random.nextInt(ACTIONS.length);
			// up to 9 years back, to the second; some rows right at a tier's limit
			long secondsBack = (i % 10 == 0) ? YEARS[kind] * 365L * 86_400 + random.nextInt(5 * 86_400) - 2 * 86_400
					: (long) (random.nextDouble() * 9 * 365 * 86_400);
			rows.add(new Object[] { ACTIONS[kind], (long) (i % 40), Timestamp.from(CUTOFF.minusSeconds(secondsBack)) });
		}
		jdbc.batchUpdate(
				"INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES (?, 'BOOKING', ?, ?)",
				rows);
		// converted on the purge's night: the months already past each tier's period in
		// one
		// partition per tier, which the purge drops
		assertThat(cli.run("run", "partition-audit-logs", "asOf=2026-11-26").exit()).isEqualTo(ExitCodes.COMPLETED);
		// holds on a few resources
		for (long held : new long[] { seed, seed + 7 }) {
			assertThat(cli.run("hold", "add", "BOOKING", String.valueOf(held), "--reason", "case " + seed).exit())
				.isZero();
		}
		String expectedSurvivors = """
				SELECT id FROM audit_logs
				WHERE resource_id IN (?, ?)
				   OR created_at + make_interval(years => CASE
				        WHEN action IN ('PAYMENT_RECEIVED', 'REFUND_ISSUED') THEN 7
				        WHEN action IN ('BOOKING_UPDATED', 'GUEST_CHANGED') THEN 3 ELSE 1 END)
				      >= TIMESTAMPTZ '2026-11-26 00:00:00+00'
				UNION ALL SELECT id FROM audit_logs_held
				ORDER BY 1""";
		List<Long> expected = jdbc.queryForList(expectedSurvivors, Long.class, seed, seed + 7);

		Cli.Result run = cli.run("run", "purge-retention", "asOf=2026-11-26");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<Long> survivors = jdbc
			.queryForList("SELECT id FROM audit_logs UNION ALL SELECT id FROM audit_logs_held ORDER BY 1", Long.class);
		assertThat(survivors).isEqualTo(expected);
		assertThat(run.out()).contains("partitions dropped=");
	}

}
