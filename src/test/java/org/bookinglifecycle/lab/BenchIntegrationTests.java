package org.bookinglifecycle.lab;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bench runs end to end on a tiny platform: the job and its set-based statement do
 * the same work (the bench fails otherwise) and a median is printed. Timings are printed
 * by the bench, never asserted here.
 */
class BenchIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "archive-bookings", "backfill-audit-log-ids", "backfill-retention", "partition-audit-logs",
			"purge-retention" })
	void theJobAndItsStatementDoTheSameWork(String job) {
		Cli cli = new Cli(TestDatabase.migrated(getClass()));

		Cli.Result bench = cli.run("bench", job, "--bookings", "400", "--pairs", "1");

		assertThat(bench.exit()).as(bench.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(bench.out()).contains("median ratio job/statement:").doesNotContain("different work");
	}

}
