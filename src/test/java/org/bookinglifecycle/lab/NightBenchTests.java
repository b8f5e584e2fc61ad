package org.bookinglifecycle.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The night bench's plan comes from the job definitions: the one-off jobs and the first
 * runs the day before, then the nightly chain in its order on two days, maxRuntime only
 * on nightly jobs.
 */
class NightBenchTests {

	private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

	@Test
	void theOneOffsThenTheFirstRunsThenTwoNightsOfTheChainInItsOrder() {
		List<List<NightBench.Planned>> phases = bench("5m", List.of("anonymize-guests", "backfill-audit-log-ids"),
				List.of())
			.plan(JobDefinitions.load(), DAY);

		assertThat(phases).hasSize(3);
		assertThat(jobs(phases.get(0))).containsExactly("backfill-retention", "partition-audit-logs",
				"backfill-audit-log-ids", "anonymize-guests");
		List<String> night = JobDefinitions.load()
			.chain("nightly")
			.members()
			.stream()
			.map(LifecycleJobSpec::name)
			.toList();
		assertThat(night).startsWith("maintain-partitions", "archive-bookings");
		assertThat(jobs(phases.get(1))).containsExactlyElementsOf(night);
		assertThat(jobs(phases.get(2))).containsExactlyElementsOf(night);
		assertThat(phases.get(0).get(0).arguments()).containsExactly("asOf=2026-11-24");
		assertThat(phases.get(0).get(2).arguments()).containsExactly("asOf=2026-11-24", "maxRuntime=5m");
		assertThat(phases.get(1))
			.allSatisfy((run) -> assertThat(run.arguments()).containsExactly("asOf=2026-11-25", "maxRuntime=5m"));
		assertThat(phases.get(2))
			.allSatisfy((run) -> assertThat(run.arguments()).containsExactly("asOf=2026-11-26", "maxRuntime=5m"));
	}

	@Test
	void theNightFollowsTheOrderAndTheSwitchesOfTheJobDefinitions() throws IOException {
		Path jobs = Files.createTempDirectory("jobs");
		edit(jobs, "purge-retention.yml", "    after: scan-pii", "    after: anonymize-guests");
		edit(jobs, "scan-pii.yml", "    after: anonymize-guests", "    after: purge-retention");
		edit(jobs, "backfill-audit-log-ids.yml", "    after: archive-bookings",
				"    after: archive-bookings\n    enabled: false");

		List<List<NightBench.Planned>> phases = bench(null, List.of(), List.of()).plan(JobDefinitions.load(jobs), DAY);

		assertThat(jobs(phases.get(1))).containsExactly("maintain-partitions", "archive-bookings", "anonymize-guests",
				"purge-retention", "scan-pii", "verify-integrity");
	}

	@Test
	void aSkippedJobIsLeftOutEverywhereAndWithoutMaxRuntimeNoneIsAdded() {
		List<List<NightBench.Planned>> phases = bench(null, List.of("backfill-audit-log-ids"),
				List.of("partition-audit-logs", "backfill-audit-log-ids"))
			.plan(JobDefinitions.load(), DAY);

		assertThat(jobs(phases.get(0))).containsExactly("backfill-retention");
		assertThat(jobs(phases.get(1))).doesNotContain("partition-audit-logs", "backfill-audit-log-ids")
			.contains("maintain-partitions", "archive-bookings");
		assertThat(phases.get(1)).allSatisfy((run) -> assertThat(run.arguments()).containsExactly("asOf=2026-11-25"));
	}

	@Test
	void aFirstRunMustBeAJobOfTheNightAndASkippedJobMustExist() {
		assertThatThrownBy(() -> bench(null, List.of("backfill-retention"), List.of()).plan(JobDefinitions.load(), DAY))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining("'backfill-retention' is not a job of the night");
		assertThatThrownBy(() -> bench(null, List.of(), List.of("no-such-job")).plan(JobDefinitions.load(), DAY))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining("Unknown job 'no-such-job'");
	}

	private static NightBench bench(String maxRuntime, List<String> firstRuns, List<String> skip) {
		return new NightBench(
				new NightBench.Options(300, 42, maxRuntime, firstRuns, skip, "256m", List.of(), "unused"));
	}

	private static void edit(Path directory, String file, String from, String to) throws IOException {
		String text = Files.readString(Path.of("jobs", file));
		assertThat(text).contains(from);
		Files.writeString(directory.resolve(file), text.replace(from, to));
	}

	private static List<String> jobs(List<NightBench.Planned> phase) {
		return phase.stream().map(NightBench.Planned::job).toList();
	}

}
