package org.bookinglifecycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SchemaMigrations;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tests' PostgreSQL: one embedded PostgreSQL 17 per test JVM, a template database
 * migrated once, and a fresh database per test class cloned from it
 * ({@code CREATE DATABASE ... TEMPLATE}, milliseconds). A real engine in every test,
 * never a mock.
 */
public final class TestDatabase {

	private static final String TEMPLATE = "lifecycle_template";

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgres server;

	private TestDatabase() {
	}

	private static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			admin("CREATE DATABASE " + TEMPLATE);
			new SchemaMigrations(target(TEMPLATE).dataSource()).migrate(false);
		}
		return server;
	}

	/**
	 * A fresh, migrated database.
	 * @param owner the test class, for the database's name
	 * @return its connection settings
	 */
	public static DatabaseTarget migrated(Class<?> owner) {
		String name = name(owner);
		server();
		admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
		return target(name);
	}

	/**
	 * A fresh, empty database (no schema at all).
	 * @param owner the test class, for the database's name
	 * @return its connection settings
	 */
	public static DatabaseTarget empty(Class<?> owner) {
		String name = name(owner);
		server();
		admin("CREATE DATABASE " + name);
		return target(name);
	}

	/**
	 * A JdbcTemplate on a database.
	 * @param target the database
	 * @return the template
	 */
	public static JdbcTemplate jdbc(DatabaseTarget target) {
		return new JdbcTemplate(target.dataSource());
	}

	private static String name(Class<?> owner) {
		return owner.getSimpleName().toLowerCase(Locale.ROOT) + "_" + counter.incrementAndGet();
	}

	private static DatabaseTarget target(String name) {
		return new DatabaseTarget(server.getJdbcUrl("postgres", name), null, null, false);
	}

	private static void admin(String sql) {
		DataSource postgres = server.getPostgresDatabase();
		try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

}
