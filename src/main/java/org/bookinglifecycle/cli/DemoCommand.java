package org.bookinglifecycle.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.StatusContributor.StatusFigure;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.StatusFigures;

import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a fresh embedded database seeded with a realistic platform, every job of
 * this build run on it (one-off migrations first, then the nightly chain in the order of
 * the schedules' {@code after:}), and a before/after table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Recreate the embedded database, seed a realistic platform, run every job, print before/after.",
				"Runs on the embedded database only: it drops and recreates it." })
class DemoCommand extends DatabaseCommand {

	@Option(names = "--bookings", defaultValue = "100000", description = "bookings to seed (default ${DEFAULT-VALUE})")
	long bookings;

	@Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
	long seed;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		if (this.database.external()) {
			throw new BadUsageException("demo drops and recreates its database, so it runs only on the embedded one: "
					+ "leave out --db-url (and SPRING_DATASOURCE_URL).");
		}
		PlatformSeeder.Options options = PlatformSeeder.Options.of(this.bookings, 8, this.seed, null);
		runtime.embedded().recreateDatabase();
		DatabaseTarget database = runtime.migratedDatabase();
		console.line("demo database: %s", database.displayUrl());
		PlatformSeeder.Result seeded = new PlatformSeeder(database.dataSource()).seed(options);
		console.line(
				"seeded %,d bookings (%,d active, %,d archived by the legacy platform) and %,d audit rows in %.1fs",
				options.bookings(), seeded.activeBookings(), seeded.historyRows(), seeded.auditRows(),
				seeded.took().toMillis() / 1000.0);
		StatusFigures figures = runtime.bean(StatusFigures.class);
		List<StatusFigure> before = figures.figures(true);
		JobOperations control = runtime.bean(JobOperations.class);
		int exit = ExitCodes.COMPLETED;
		for (LifecycleJobSpec job : runtime.definitions().runOrder()) {
			JobExecution execution = control.run(job.name(), control.parameters(job.name(), List.of(), false));
			ExecutionReport.print(console, execution);
			exit = Math.max(exit, ExitCodes.of(execution));
		}
		List<StatusFigure> after = figures.figures(true);
		// figures paired by job and name: a job may show figures after its run it had
		// none
		// of before (the partitions once audit_logs is partitioned)
		Map<String, StatusFigure> then = new LinkedHashMap<>();
		before.forEach((figure) -> then.put(figure.section() + '\u0000' + figure.name(), figure));
		List<List<String>> rows = new ArrayList<>();
		for (StatusFigure now : after) {
			StatusFigure was = then.remove(now.section() + '\u0000' + now.name());
			rows.add(List.of(now.section(), now.name(), (was != null) ? StatusCommand.value(was) : "-",
					StatusCommand.value(now)));
		}
		then.values().forEach((was) -> rows.add(List.of(was.section(), was.name(), StatusCommand.value(was), "-")));
		console.line("");
		console.table(List.of("job", "figure", "before", "after"), rows);
		console.line("");
		console.line("next: `java -jar target/booking-lifecycle.jar executions`, `... status`, `... jobs`");
		return exit;
	}

}
