package org.bookinglifecycle.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * never a mock; its durability is off ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}), which changes no result a test can see, only the time a
 * commit and a checkpoint take.
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
				Path data = Files.createTempDirectory("lifecycle-test-postgres");
				// a test server: nothing here must survive a crash of the machine
				server = EmbeddedPostgres.builder()
					.setDataDirectory(data)
					.setCleanDataDirectory(false)
					.setRegisterShutdownHook(false)
					.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off")
					.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(data), "test-postgres-stop"));
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
	 * Stops the server when the test JVM exits, and leaves its data directory (a few GB
	 * of small files once every class has its database) to an {@code rm} that outlives
	 * the JVM: deleted from a shutdown hook it took longer than Surefire waits for a fork
	 * to exit (30 s, then the fork is killed).
	 */
	private static void stop(Path data) {
		try {
			server.close();
			new ProcessBuilder("rm", "-rf", data.toString()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			System.err.println("Could not stop the test PostgreSQL or delete " + data + ": " + ex.getMessage());
		}
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
