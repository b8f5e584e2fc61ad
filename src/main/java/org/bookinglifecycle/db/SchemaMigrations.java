package org.bookinglifecycle.db;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The suite's schema history: Flyway over {@code sql/migration} (packaged on the
 * classpath). Version 1 is the platform as it was before the suite; an existing platform
 * database is taken over by baselining it at version 1, so only the suite's own changes
 * are applied to it.
 */
public final class SchemaMigrations {

	/** Where the build puts {@code sql/migration}. */
	public static final String LOCATION = "classpath:sql/migration";

	/** The version an existing platform database is baselined at. */
	public static final String BASELINE_VERSION = "1";

	private final DataSource dataSource;

	public SchemaMigrations(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Apply every pending migration.
	 * @param baseline take over an existing database that has tables but no Flyway
	 * history, by recording it as version 1 first
	 * @return what was applied
	 */
	public MigrateResult migrate(boolean baseline) {
		return flyway(baseline).migrate();
	}

	/**
	 * The migrations this build has that the database has not applied yet.
	 * @return pending migrations, oldest first
	 */
	public List<MigrationInfo> pending() {
		requireReadableHistory();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String database = jdbc.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getURL()
				+ " as " + connection.getMetaData().getUserName());
		String history = historyDigest(jdbc);
		if (history != null && history.equals(CURRENT.get(database))) {
			return List.of();
		}
		List<MigrationInfo> pending = Arrays.asList(flyway(false).info().pending());
		if (pending.isEmpty() && history != null) {
			CURRENT.put(database, history);
		}
		return pending;
	}

	/**
	 * Databases this process found current, with the digest of their history at the time:
	 * what is pending follows from this build's migrations (fixed for the process) and
	 * the history's rows, so the same rows again need no second resolution of every
	 * migration file (Flyway reads and checksums them all: half of a short command's
	 * start).
	 */
	private static final Map<String, String> CURRENT = new ConcurrentHashMap<>();

	/** Every row of the history in one digest, or {@code null} without a history. */
	private static String historyDigest(JdbcTemplate jdbc) {
		if (jdbc.queryForObject("SELECT to_regclass('flyway_schema_history') IS NULL", Boolean.class)) {
			return null;
		}
		return jdbc.queryForObject("SELECT count(*) || ':' || COALESCE(md5(string_agg(concat_ws('|', installed_rank,"
				+ " version, description, type, script, checksum, success), ',' ORDER BY installed_rank)), '')"
				+ " FROM flyway_schema_history", String.class);
	}

	/**
	 * The version the database is at.
	 * @return the current version, or {@code null} for an empty database
	 */
	public String currentVersion() {
		MigrationInfo current = flyway(false).info().current();
		return (current != null) ? current.getVersion().getVersion() : null;
	}

	/**
	 * Refuse with a clear message, rather than Flyway's, when the history exists but the
	 * user may not read it (a user with only the privileges of its own work).
	 */
	private void requireReadableHistory() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		// no history table yet (an empty database) counts as readable: all is pending
		if (!jdbc.queryForObject("SELECT COALESCE(has_table_privilege(current_user, "
				+ "to_regclass('flyway_schema_history'), 'SELECT'), true)", Boolean.class)) {
			throw new IllegalStateException("The schema version cannot be checked: user '"
					+ jdbc.queryForObject("SELECT current_user", String.class)
					+ "' lacks SELECT on table flyway_schema_history. Grant it (read only) and run again.");
		}
	}

	private Flyway flyway(boolean baseline) {
		return Flyway.configure()
			// A session-level lock: the transactional one keeps a transaction open that
			// CREATE INDEX CONCURRENTLY (V4, V5) would wait for forever.
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.dataSource(this.dataSource)
			.locations(LOCATION)
			.baselineOnMigrate(baseline)
			.baselineVersion(BASELINE_VERSION)
			.baselineDescription("platform schema before booking-lifecycle")
			.load();
	}

}
