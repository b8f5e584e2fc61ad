package org.bookinglifecycle.cli;

import java.time.LocalDate;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.LifecycleRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seed}: fills the database with a deterministic, realistic platform history.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
		description = { "Fill the database with a deterministic, realistic platform history (COPY).",
				"Same --seed, --bookings, --years and --until: same data. Appends after existing ids." })
class SeedCommand extends DatabaseCommand {

	@Option(names = "--bookings", required = true, description = "how many bookings (1 to 20,000,000)")
	long bookings;

	@Option(names = "--years", defaultValue = "8", description = "years of history (1 to 30, default ${DEFAULT-VALUE})")
	int years;

	@Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--until", description = "last day of the history, YYYY-MM-DD (default today)")
	LocalDate until;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		PlatformSeeder.Options options = PlatformSeeder.Options.of(this.bookings, this.years, this.seed, this.until);
		DatabaseTarget database = runtime.migratedDatabase();
		console.line("seeding %,d bookings over %d years up to %s (seed %d) into %s", options.bookings(),
				options.years(), options.until(), options.seed(), database.displayUrl());
		PlatformSeeder.Result result = new PlatformSeeder(database.dataSource()).seed(options);
		console.line("seeded %,d active bookings, %,d legacy history rows, %,d audit rows in %.1fs (%,.0f bookings/s)",
				result.activeBookings(), result.historyRows(), result.auditRows(), result.took().toMillis() / 1000.0,
				options.bookings() / Math.max(result.took().toMillis() / 1000.0, 0.001));
		return ExitCodes.COMPLETED;
	}

}
