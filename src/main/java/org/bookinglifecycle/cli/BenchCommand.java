package org.bookinglifecycle.cli;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.lab.Bench;
import org.bookinglifecycle.lab.NightBench;
import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench JOB}: the job against the single set-based statement doing the same work
 * (the lab's {@link Bench}), on the plain or the partitioned audit_logs; {@code bench
 * night}: a whole night at scale, each job in a JVM of its own (the lab's
 * {@link NightBench}). A command, never a test: timings are measured, not asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = { "Benchmark a job against the single set-based SQL statement doing the same work,",
				"or (`bench night`) a whole night: seed, the one-offs, a night, one day of the platform, a night.",
				"Creates its own databases (bench_template, bench_job and bench_set; bench_night) on the same server "
						+ "(embedded by default)." })
class BenchCommand extends DatabaseCommand {

	static final String NIGHT = "night";

	@Parameters(index = "0", paramLabel = "JOB",
			description = "the job to benchmark, e.g. archive-bookings; or `night` for a whole night")
	String job;

	@Option(names = "--bookings", defaultValue = "100000", description = "bookings to seed (default ${DEFAULT-VALUE})")
	long bookings;

	@Option(names = "--pairs", description = "JOB: measured pairs after the warm-up (default 5)")
	Integer pairs;

	@Option(names = "--chunk-size", description = "JOB: the job's chunkSize (default 1000)")
	Integer chunkSize;

	@Option(names = "--rate", description = "JOB: platform simulator updates per second (default 200)")
	Integer rate;

	@Option(names = "--partitioned",
			description = "JOB: convert the template's audit_logs to the partitioned layout before the pairs, "
					+ "so that the job and its statement both run on it")
	boolean partitioned;

	@Option(names = "--max-runtime",
			description = "night: maxRuntime of each nightly job's run (30s, 10m), so a slow job stops and reports "
					+ "its rate; one-off jobs run to their end (default: none)")
	String maxRuntime;

	@Option(names = "--first-runs", split = ",",
			description = "night: nightly jobs run once with the one-offs, on the backlog of a database that "
					+ "predates the suite (default: backfill-audit-log-ids,anonymize-guests)")
	List<String> firstRuns;

	@Option(names = "--skip", split = ",",
			description = "night: jobs left out everywhere, e.g. partition-audit-logs for the night on the plain table")
	List<String> skip;

	@Option(names = "--job-heap",
			description = "night: -Xmx of each job's JVM (default 256m, the heap a job may use at 10M bookings)")
	String jobHeap;

	@Option(names = "--job-jvm-option",
			description = "night: one more option of each job's JVM, repeatable (e.g. -XX:+UseSerialGC); the tests"
					+ " use the client compiler only (-XX:TieredStopAtLevel=1), which starts faster and runs slower")
	List<String> jobJvmOptions;

	@Option(names = "--seed", defaultValue = "42", description = "seed of the data (default ${DEFAULT-VALUE})")
	long seed;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		if (NIGHT.equals(this.job)) {
			refuse("--pairs", this.pairs != null, "--chunk-size", this.chunkSize != null, "--rate", this.rate != null,
					"--partitioned", this.partitioned);
			NightBench.Options options = new NightBench.Options(this.bookings, this.seed, this.maxRuntime,
					(this.firstRuns != null) ? this.firstRuns : List.of("backfill-audit-log-ids", "anonymize-guests"),
					(this.skip != null) ? this.skip : List.of(), (this.jobHeap != null) ? this.jobHeap : "256m",
					(this.jobJvmOptions != null) ? this.jobJvmOptions : List.of(), LifecycleCli.class.getName());
			options.jvmOptions()
				.stream()
				.filter((option) -> !option.startsWith("-") || option.startsWith("-Xmx") || option.startsWith("-cp"))
				.findFirst()
				.ifPresent((option) -> {
					throw new BadUsageException("--job-jvm-option=" + option + " is not allowed: expected a JVM option"
							+ " starting with '-', other than -Xmx (--job-heap sets it) and -cp.");
				});
			if (!options.jobHeap().matches("[1-9][0-9]*[mMgG]")) {
				throw new BadUsageException(
						"--job-heap=" + options.jobHeap() + " is not allowed: expected a size such as 256m or 1g.");
			}
			return new NightBench(options).run(runtime, console) ? ExitCodes.COMPLETED : ExitCodes.FAILED;
		}
		refuse("--max-runtime", this.maxRuntime != null, "--first-runs", this.firstRuns != null, "--skip",
				this.skip != null, "--job-heap", this.jobHeap != null, "--job-jvm-option", this.jobJvmOptions != null);
		new Bench(new Bench.Options(this.job, this.bookings, (this.pairs != null) ? this.pairs : 5,
				(this.chunkSize != null) ? this.chunkSize : 1000, (this.rate != null) ? this.rate : 200, this.seed,
				this.partitioned))
			.run(runtime, console);
		return ExitCodes.COMPLETED;
	}

	/**
	 * Refuse the options given that do not apply to this kind of bench.
	 * @param pairs option name, then whether it was given, for each option
	 */
	private void refuse(Object... pairs) {
		List<String> given = new ArrayList<>();
		for (int i = 0; i < pairs.length; i += 2) {
			if ((Boolean) pairs[i + 1]) {
				given.add((String) pairs[i]);
			}
		}
		if (!given.isEmpty()) {
			throw new BadUsageException(String.join(", ", given) + " " + ((given.size() == 1) ? "does" : "do")
					+ " not apply to `bench " + (NIGHT.equals(this.job) ? NIGHT + "`" : "JOB` (only to `bench night`)")
					+ ": see `bench --help`.");
		}
	}

}
