package org.bookinglifecycle.lab;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bench runs end to end on a tiny platform: the job and its set-based statement do
 * the same work (the bench fails otherwise) and a median is printed, with the layout of
 * audit_logs both sides ran on. Timings are printed by the bench, never asserted here.
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

	@Test
	void withoutPartitionedBothSidesRunOnThePlainTable() {
		Cli cli = new Cli(TestDatabase.migrated(getClass()));

		Cli.Result bench = cli.run("bench", "archive-bookings", "--bookings", "400", "--pairs", "1");

		assertThat(bench.exit()).as(bench.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(bench.out()).contains("audit_logs on both sides: plain");
	}

	@ParameterizedTest
	@ValueSource(strings = { "archive-bookings" })
	void partitionedConvertsTheTemplateSoThatBothSidesRunOnThePartitionedTable(String job) {
		partitionedBench(job);
	}

	/** The same for the other jobs that read audit trails: minutes, in the lab group. */
	@Tag("lab")
	@ParameterizedTest
	@ValueSource(strings = { "backfill-audit-log-ids", "anonymize-guests" })
	void partitionedBenchesOfTheOtherTrailReaders(String job) {
		partitionedBench(job);
	}

	private void partitionedBench(String job) {
		Cli cli = new Cli(TestDatabase.migrated(getClass()));

		Cli.Result bench = cli.run("bench", job, "--bookings", "400", "--pairs", "1", "--partitioned");

		assertThat(bench.exit()).as(bench.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(bench.out()).contains("template: partition-audit-logs in ")
			.containsPattern("audit_logs on both sides: partitioned \\(\\d+ leaf partitions\\)")
			.contains("job rows/s", "statement rows/s", "median ratio job/statement:");
	}

	@Test
	void partitionedDoesNotApplyToTheConversionItselfNorNightOptionsToAJobBench() {
		Cli cli = new Cli(TestDatabase.migrated(getClass()));

		Cli.Result conversion = cli.run("bench", "partition-audit-logs", "--bookings", "400", "--partitioned");
		Cli.Result nightOption = cli.run("bench", "archive-bookings", "--bookings", "400", "--max-runtime", "1m");

		assertThat(conversion.exit()).as(conversion.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(conversion.err()).contains("--partitioned does not apply to partition-audit-logs");
		assertThat(nightOption.exit()).as(nightOption.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(nightOption.err()).contains("--max-runtime does not apply to `bench JOB`");
	}

}
