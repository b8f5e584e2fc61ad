package org.bookinglifecycle.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bookinglifecycle.BookingLifecycleApplication;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.EmbeddedDatabase;
import org.bookinglifecycle.db.SchemaMigrations;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.flywaydb.core.api.MigrationInfo;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What a command runs against, opened on first use and closed when the command ends: the
 * database (the embedded one started here, or the external one named), its schema
 * checked, and the Spring context with the jobs. The embedded database is migrated
 * automatically (it is ours); an external one must be migrated on purpose with
 * {@code migrate}.
 */
public final class LifecycleRuntime implements AutoCloseable {

	private final DatabaseChoice options;

	private EmbeddedDatabase embedded;

	private DatabaseTarget target;

	private ConfigurableApplicationContext context;

	private JobDefinitions definitions;

	public LifecycleRuntime(DatabaseChoice options) {
		this.options = options;
	}

	/**
	 * The database, started if embedded, schema not checked.
	 * @return the target
	 */
	public DatabaseTarget database() {
		if (this.target == null) {
			if (this.options.external()) {
				this.target = new DatabaseTarget(this.options.url(), this.options.user(), this.options.password(),
						false);
			}
			else {
				this.embedded = EmbeddedDatabase.start(this.options.home());
				this.target = this.embedded.target();
			}
		}
		return this.target;
	}

	/**
	 * The embedded database, if this command uses it.
	 * @return the embedded database, or {@code null} with {@code --db-url}
	 */
	public EmbeddedDatabase embedded() {
		database();
		return this.embedded;
	}

	/**
	 * The database with its schema current: the embedded one is migrated, an external one
	 * must have no pending migration.
	 * @return the target
	 */
	public DatabaseTarget migratedDatabase() {
		DatabaseTarget database = database();
		SchemaMigrations migrations = new SchemaMigrations(database.dataSource());
		if (database.embedded()) {
			migrations.migrate(false);
			return database;
		}
		List<MigrationInfo> pending = migrations.pending();
		if (!pending.isEmpty()) {
			// what to do first, before the long list
			throw new IllegalStateException("Run `migrate` first (`migrate --baseline` to take over an existing"
					+ " platform database): the database at " + database.displayUrl() + " is at schema version "
					+ migrations.currentVersion() + " and lacks migrations "
					+ pending.stream().limit(4).map(LifecycleRuntime::name).collect(Collectors.joining(", "))
					+ ((pending.size() > 4) ? " and " + (pending.size() - 4) + " more" : "") + ".");
		}
		return database;
	}

	/**
	 * A migration as ops know it: its version, or for a repeatable one (no version) its
	 * description.
	 */
	private static String name(MigrationInfo migration) {
		return (migration.getVersion() != null) ? migration.getVersion().getVersion()
				: "repeatable '" + migration.getDescription() + "'";
	}

	/**
	 * The Spring context with the jobs, on the migrated database.
	 * @return the running context
	 */
	public ConfigurableApplicationContext context() {
		if (this.context == null) {
			this.context = start(WebApplicationType.NONE, Map.of());
		}
		return this.context;
	}

	/**
	 * The Spring context of the schedule daemon: the jobs, the Quartz scheduler (not yet
	 * started) and a web server for health and metrics. The daemon handles SIGTERM
	 * itself, so Spring registers no shutdown hook.
	 * @param settings the daemon's settings (port, cluster timings); system properties
	 * override them
	 * @return the running context
	 */
	public ConfigurableApplicationContext daemonContext(Map<String, Object> settings) {
		if (this.context != null) {
			throw new IllegalStateException("this runtime already has a context");
		}
		Map<String, Object> daemon = new HashMap<>(settings);
		daemon.put(DAEMON_PROPERTY, "true");
		this.context = start(WebApplicationType.SERVLET, daemon);
		return this.context;
	}

	/** The property that turns the schedule daemon's beans on. */
	public static final String DAEMON_PROPERTY = "lifecycle.schedule.daemon";

	private ConfigurableApplicationContext start(WebApplicationType web, Map<String, Object> daemon) {
		DatabaseTarget database = migratedDatabase();
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", database.url());
		if (database.user() != null) {
			properties.put("spring.datasource.username", database.user());
		}
		if (database.password() != null) {
			properties.put("spring.datasource.password", database.password());
		}
		DatabaseTarget.CONNECTION_PROPERTIES
			.forEach((key, value) -> properties.put("spring.datasource.hikari.data-source-properties." + key, value));
		JobDefinitions definitions = definitions();
		StandardEnvironment environment = new StandardEnvironment();
		if (!daemon.isEmpty()) {
			// above application.yml, below system properties (tests and ops may override)
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource("schedule-daemon", daemon));
		}
		return new SpringApplicationBuilder(BookingLifecycleApplication.class).web(web)
			.environment(environment)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(daemon.isEmpty())
			.properties(properties)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("jobDefinitions", definitions);
				definitions.files().forEach((file, resource) -> {
					try {
						new YamlPropertySourceLoader().load("jobs/" + file, resource)
							.forEach(context.getEnvironment().getPropertySources()::addLast);
					}
					catch (IOException ex) {
						throw new UncheckedIOException("Could not read job definition " + file, ex);
					}
				});
			})
			.run();
	}

	/**
	 * The job definitions and suite settings of {@code jobs/*.yml} this runtime uses
	 * (loaded once, without a database).
	 * @return the definitions
	 */
	public JobDefinitions definitions() {
		if (this.definitions == null) {
			this.definitions = JobDefinitions.load();
		}
		return this.definitions;
	}

	/**
	 * A bean of the context.
	 * @param <T> its type
	 * @param type its type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return context().getBean(type);
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
