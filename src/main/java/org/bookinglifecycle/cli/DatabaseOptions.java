package org.bookinglifecycle.cli;

import java.nio.file.Path;

import org.bookinglifecycle.operations.DatabaseChoice;

import picocli.CommandLine.Option;

/**
 * Which PostgreSQL a command works on: {@code --db-url} (or
 * {@code SPRING_DATASOURCE_URL}), or by default the embedded one whose data persists in
 * {@code --home} ({@code ./.lifecycle}).
 */
public class DatabaseOptions {

	@Option(names = "--db-url", defaultValue = "${env:SPRING_DATASOURCE_URL}",
			description = "JDBC URL of the PostgreSQL to work on (default: $SPRING_DATASOURCE_URL; "
					+ "if neither is set, the embedded PostgreSQL in --home)")
	String url;

	@Option(names = "--db-user", defaultValue = "${env:SPRING_DATASOURCE_USERNAME}",
			description = "database user (default: $SPRING_DATASOURCE_USERNAME)")
	String user;

	@Option(names = "--db-password", defaultValue = "${env:SPRING_DATASOURCE_PASSWORD}",
			description = "database password (default: $SPRING_DATASOURCE_PASSWORD; prefer the variable)")
	String password;

	@Option(names = "--home", defaultValue = ".lifecycle",
			description = "directory of the embedded PostgreSQL's data (default: ${DEFAULT-VALUE})")
	Path home;

	boolean external() {
		return choice().external();
	}

	DatabaseChoice choice() {
		return new DatabaseChoice(this.url, this.user, this.password, this.home);
	}

}
