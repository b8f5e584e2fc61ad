package org.bookinglifecycle.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 of the default setup: its cluster lives in
 * {@code <home>/pgdata} and persists between commands. One process at a time owns it (a
 * file lock on {@code <home>/owner.lock}); a postmaster orphaned by a killed process is
 * shut down before the next start, since nobody can be using it once its owner's lock is
 * free.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	/** The database the suite uses inside the embedded cluster. */
	public static final String DATABASE = "lifecycle";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(60);

	private final Path home;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final EmbeddedPostgres postgres;

	private EmbeddedDatabase(Path home, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
		this.home = home;
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.postgres = postgres;
	}

	/**
	 * Start (or reopen) the embedded cluster under {@code home}.
	 * @param home the directory holding {@code pgdata}, created if missing
	 * @return the running database, to be closed when the command ends
	 * @throws EmbeddedDatabaseBusyException if another process owns the directory
	 */
	public static EmbeddedDatabase start(Path home) {
		try {
			Files.createDirectories(home);
			FileChannel channel = FileChannel.open(home.resolve("owner.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				channel.close();
				throw new EmbeddedDatabaseBusyException(home, readOwner(home));
			}
			try {
				Files.writeString(home.resolve("owner"),
						"pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + System.lineSeparator(),
						StandardCharsets.UTF_8);
				Path pgdata = home.resolve("pgdata");
				stopOrphanedPostmaster(pgdata);
				EmbeddedPostgres postgres = EmbeddedPostgres.builder()
					.setDataDirectory(pgdata)
					.setCleanDataDirectory(false)
					.setPGStartupWait(Duration.ofSeconds(60))
					.start();
				EmbeddedDatabase database = new EmbeddedDatabase(home, channel, lock, postgres);
				database.createDatabaseIfMissing(DATABASE);
				return database;
			}
			catch (IOException | RuntimeException ex) {
				lock.release();
				channel.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + home, ex);
		}
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null; // this very JVM already owns it
		}
	}

	private static String readOwner(Path home) {
		try {
			return Files.readString(home.resolve("owner"), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * A postmaster left running by a process that was killed (its JVM shutdown hook never
	 * ran). We hold the owner lock, so no live command uses it: ask it to shut down
	 * (SIGTERM, a smart shutdown; its clients died with their process).
	 */
	private static void stopOrphanedPostmaster(Path pgdata) throws IOException {
		Path pidFile = pgdata.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
		if (lines.isEmpty() || lines.get(0).isBlank()) {
			return;
		}
		long pid = Long.parseLong(lines.get(0).strip());
		Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> handle.info().command().map((c) -> c.contains("postgres")).orElse(true));
		if (postmaster.isEmpty()) {
			return;
		}
		logger.warn("Shutting down the embedded PostgreSQL (pid {}) left running by a process that ended", pid);
		postmaster.get().destroy();
		try {
			postmaster.get().onExit().get(ORPHAN_SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The orphaned embedded PostgreSQL (pid " + pid + ") did not stop within "
					+ ORPHAN_SHUTDOWN_WAIT.toSeconds() + "s; stop it by hand", ex);
		}
	}

	private void createDatabaseIfMissing(String name) {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
				Statement statement = connection.createStatement()) {
			exists.setString(1, name);
			try (ResultSet rs = exists.executeQuery()) {
				if (rs.next()) {
					return;
				}
			}
			// a constant identifier, never user input
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + " in the embedded PostgreSQL", ex);
		}
	}

	/**
	 * Drop and recreate the suite's database: used only by {@code demo}, on the embedded
	 * server.
	 */
	public void recreateDatabase() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not recreate database " + DATABASE, ex);
		}
	}

	/**
	 * The target for the suite's database in this cluster.
	 * @return the connection settings
	 */
	public DatabaseTarget target() {
		return new DatabaseTarget(this.postgres.getJdbcUrl("postgres", DATABASE), null, null, true);
	}

	/**
	 * The directory this server lives in.
	 * @return the home directory
	 */
	public Path home() {
		return this.home;
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop the embedded PostgreSQL cleanly: {}", ex.getMessage());
		}
		finally {
			try {
				this.lock.release();
				this.lockChannel.close();
			}
			catch (IOException ex) {
				logger.warn("Could not release {}: {}", this.home.resolve("owner.lock"), ex.getMessage());
			}
		}
	}

}
