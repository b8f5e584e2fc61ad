package org.bookinglifecycle.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench night} on a tiny platform, on the tests' PostgreSQL named by
 * {@code --db-url}: it completes, each job in a JVM of its own that reports its heap,
 * with a row per job of each phase and each phase's total. Timings are printed by the
 * bench, never asserted here.
 */
class NightBenchIntegrationTests {

	/** Twenty JVMs one after the other: minutes, in the lab group. */
	@Tag("lab")
	@Test
	void aWholeNightAtATinySizePrintsARowPerJobAndEachPhasesTotal() {
		DatabaseTarget database = TestDatabase.migrated(getClass());

		// each job's JVM as the suite's child JVMs: started fast (20 of them)
		Cli.Result bench = new Cli(database).run("bench", "night", "--bookings", "300", "--job-jvm-option",
				"-XX:TieredStopAtLevel=1", "--job-jvm-option", "-XX:+UseSerialGC");

		assertThat(bench.exit()).as(bench.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<String> night = JobDefinitions.load()
			.chain("nightly")
			.members()
			.stream()
			.map(LifecycleJobSpec::name)
			.toList();
		List<String> expected = new ArrayList<>();
		List.of("backfill-retention", "partition-audit-logs", "backfill-audit-log-ids", "anonymize-guests")
			.forEach((job) -> expected.add("one-offs " + job));
		night.forEach((job) -> expected.add("night 1 " + job));
		night.forEach((job) -> expected.add("night 2 " + job));
		assertThat(rows(bench.out(), "COMPLETED")).containsExactlyElementsOf(expected);
		assertThat(bench.out()).containsPattern("(?m)^one-offs +total ")
			.containsPattern("(?m)^night 1 +total ")
			.containsPattern("(?m)^night 2 +total ")
			.containsPattern("day \\d{4}-\\d\\d-\\d\\d: \\d+ bookings created, [\\d,]+ audit rows")
			.containsPattern("audit_logs at the end: partitioned \\(\\d+ leaf partitions\\)");
	}

	@Test
	void optionsOfAJobBenchAndFirstRunsOutsideTheNightAreRefusedBeforeAnythingRuns() {
		Cli cli = new Cli(TestDatabase.migrated(getClass()));

		Cli.Result pairs = cli.run("bench", "night", "--bookings", "300", "--pairs", "2", "--partitioned");
		Cli.Result firstRun = cli.run("bench", "night", "--bookings", "300", "--first-runs", "backfill-retention");
		Cli.Result maxRuntime = cli.run("bench", "night", "--bookings", "300", "--max-runtime", "soon");
		Cli.Result heapTwice = cli.run("bench", "night", "--bookings", "300", "--job-jvm-option", "-Xmx1g");

		assertThat(pairs.exit()).as(pairs.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(pairs.err()).contains("--pairs, --partitioned do not apply to `bench night`");
		assertThat(firstRun.exit()).as(firstRun.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(firstRun.err()).contains("'backfill-retention' is not a job of the night");
		assertThat(maxRuntime.exit()).as(maxRuntime.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(maxRuntime.out()).doesNotContain("seeded");
		assertThat(heapTwice.exit()).as(heapTwice.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(heapTwice.err()).contains("--job-jvm-option=-Xmx1g is not allowed");
		assertThat(heapTwice.out()).doesNotContain("seeded");
	}

	/**
	 * The final table's job rows ({@code phase job status ...}) of jobs that ended so and
	 * whose JVM reported a heap above zero, as {@code phase job}.
	 */
	private static List<String> rows(String out, String status) {
		Matcher row = Pattern
			.compile("(?m)^(one-offs|night \\d) +([a-z-]+) +" + status
					+ " +[\\d.]+ +[\\d,-]+ +[\\d,-]+ +(\\d+) +(\\d+) +[\\d.]+$")
			.matcher(out);
		List<String> rows = new ArrayList<>();
		while (row.find()) {
			if (Integer.parseInt(row.group(3)) > 0) {
				rows.add(row.group(1) + " " + row.group(2));
			}
		}
		return rows;
	}

}
