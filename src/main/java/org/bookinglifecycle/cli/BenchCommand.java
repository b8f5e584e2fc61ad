package org.bookinglifecycle.cli;

import org.bookinglifecycle.lab.Bench;
import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench JOB}: the job against the single set-based statement doing the same work
 * (the lab's {@link Bench}). A command, never a test: timings are measured, not asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = { "Benchmark a job against the single set-based SQL statement doing the same work.",
				"Creates databases bench_template, bench_job and bench_set on the same server (embedded by default)." })
class BenchCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "JOB", description = "the job to benchmark, e.g. archive-bookings")
	String job;

	@Option(names = "--bookings", defaultValue = "100000", description = "bookings to seed (default ${DEFAULT-VALUE})")
	long bookings;

	@Option(names = "--pairs", defaultValue = "5",
			description = "measured pairs after the warm-up (default ${DEFAULT-VALUE})")
	int pairs;

	@Option(names = "--chunk-size", defaultValue = "1000",
			description = "the job's chunkSize (default ${DEFAULT-VALUE})")
	int chunkSize;

	@Option(names = "--rate", defaultValue = "200",
			description = "platform simulator updates per second (default ${DEFAULT-VALUE})")
	int rate;

	@Option(names = "--seed", defaultValue = "42", description = "seed of the data (default ${DEFAULT-VALUE})")
	long seed;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		new Bench(new Bench.Options(this.job, this.bookings, this.pairs, this.chunkSize, this.rate, this.seed))
			.run(runtime, console);
		return ExitCodes.COMPLETED;
	}

}
