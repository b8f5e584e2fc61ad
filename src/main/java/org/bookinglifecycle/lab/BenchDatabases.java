package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SchemaMigrations;
import org.bookinglifecycle.operations.DatabaseChoice;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benches' own databases on the server they run against (embedded or
 * {@code --db-url}): created, cloned and dropped by name. Names are the benches'
 * constants, never input.
 */
final class BenchDatabases {

	private BenchDatabases() {
	}

	/**
	 * A new database, migrated and holding the data policy of {@code jobs/*.yml}, as
	 * {@code migrate} leaves one.
	 * @param server any database of the server
	 * @param name the new database's name (dropped first if it exists)
	 * @return the new database
	 */
	static DatabaseTarget migrated(DatabaseTarget server, String name) {
		recreate(server, name, null);
		DatabaseTarget database = server.withDatabase(name);
		new SchemaMigrations(database.dataSource()).migrate(false);
		try (LifecycleRuntime on = new LifecycleRuntime(
				new DatabaseChoice(database.url(), database.user(), database.password(), null))) {
			on.bean(JobOperations.class).writeDataPolicy();
		}
		return database;
	}

	/**
	 * Drop a database if it exists and create it again, empty or as a clone.
	 * @param server any database of the server
	 * @param database its name
	 * @param template the database to clone, or {@code null} for an empty one
	 */
	static void recreate(DatabaseTarget server, String database, String template) {
		drop(server, database);
		admin(server, "CREATE DATABASE " + database + ((template != null) ? " TEMPLATE " + template : ""));
	}

	static void drop(DatabaseTarget server, String database) {
		admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	/**
	 * How {@code audit_logs} is laid out in a database: {@code plain}, or
	 * {@code partitioned (N leaf partitions)}.
	 * @param jdbc the database
	 * @return the layout, in words
	 */
	static String auditLogsLayout(JdbcTemplate jdbc) {
		if (!isPartitioned(jdbc)) {
			return "plain";
		}
		Long leaves = jdbc.queryForObject("SELECT count(*) FROM pg_partition_tree('audit_logs') WHERE isleaf",
				Long.class);
		return "partitioned (" + leaves + " leaf partitions)";
	}

	/**
	 * Whether {@code audit_logs} is a partitioned table.
	 * @param jdbc the database
	 * @return true when partitioned
	 */
	static boolean isPartitioned(JdbcTemplate jdbc) {
		return "p".equals(jdbc.queryForObject(
				"SELECT CAST(relkind AS text) FROM pg_class WHERE oid = to_regclass('audit_logs')", String.class));
	}

	private static void admin(DatabaseTarget server, String sql) {
		try (Connection connection = server.withDatabase("postgres").dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

}
