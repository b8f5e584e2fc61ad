package org.bookinglifecycle.cli;

import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SchemaMigrations;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.flywaydb.core.api.output.MigrateResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate [--baseline]}: applies the suite's schema migrations; {@code --baseline}
 * takes over an existing platform database (tables, no schema history) at version 1.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
		"Apply the schema migrations (sql/migration) to the database.",
		"--baseline takes over an existing platform database that has bookings, audit_logs and booking_history "
				+ "but no schema history: it is recorded as version 1 and only the suite's changes are applied." })
class MigrateCommand extends DatabaseCommand {

	@Option(names = "--baseline", description = "record an existing platform database as version 1 first")
	boolean baseline;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		DatabaseTarget database = runtime.database();
		SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
		MigrateResult result = migrations.migrate(this.baseline);
		// a repeatable migration has no version: Flyway gives ""
		result.migrations.forEach((m) -> console.line("applied %s %s (%d ms)",
				m.version.isEmpty() ? "repeatable" : m.version, m.description, m.executionTime));
		console.line("%s is at schema version %s (%d migration(s) applied)", database.displayUrl(),
				migrations.currentVersion(), result.migrationsExecuted);
		List<String> changed = runtime.bean(JobOperations.class).writeDataPolicy();
		console.line("retention periods of jobs/purge-retention.yml in the database%s",
				changed.isEmpty() ? ": unchanged" : ", written for " + String.join(", ", changed));
		return ExitCodes.COMPLETED;
	}

}
