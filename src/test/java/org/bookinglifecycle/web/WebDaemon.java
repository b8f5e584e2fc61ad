package org.bookinglifecycle.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.operations.DatabaseChoice;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.schedule.ScheduleDaemon;
import org.bookinglifecycle.testsupport.FixedToday;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The schedule daemon as {@code schedule --port 0} starts it, in this JVM (its web
 * context and its scheduler, on a fresh test database), with the page's users set as the
 * environment would set them and {@link WebFixtures#TODAY} as its today
 * ({@link FixedToday}); closed as SIGTERM closes it.
 */
final class WebDaemon implements AutoCloseable {

	static final String OPERATOR_PASSWORD = "operator-password-for-tests";

	static final String VIEWER_PASSWORD = "viewer-password-for-tests";

	final DatabaseTarget database;

	final JdbcTemplate jdbc;

	final ConfigurableApplicationContext context;

	final ScheduleDaemon daemon;

	private final LifecycleRuntime runtime;

	private static WebDaemon shared;

	private static long sharedFailedVerify;

	private static WebFixtures.GuestJobs sharedGuestJobs;

	private WebDaemon(DatabaseTarget database, boolean users) {
		this.database = database;
		this.jdbc = TestDatabase.jdbc(database);
		this.runtime = new LifecycleRuntime(new DatabaseChoice(database.url(), null, null, null));
		Map<String, Object> settings = new HashMap<>();
		settings.put("server.port", 0);
		settings.put("lifecycle.operations.actor", "web test daemon");
		// BCrypt's cheapest cost: every HTTP Basic request of a test checks a password
		settings.put("lifecycle.web.password-hash-strength", 4);
		settings.putAll(FixedToday.settings(WebFixtures.TODAY));
		if (users) {
			settings.put(WebUsers.OPERATOR_ENV, OPERATOR_PASSWORD);
			settings.put(WebUsers.VIEWER_ENV, VIEWER_PASSWORD);
		}
		else {
			// beside the shared daemon in this JVM: a cluster (Quartz scheduler) of its
			// own
			settings.put("lifecycle.schedule.cluster-name", "booking-lifecycle-page-off");
		}
		this.context = this.runtime.daemonContext(settings);
		if (!this.context.containsBean("fixedTodayClock")
				|| !LocalDate.now(this.context.getBean(Clock.class)).equals(WebFixtures.TODAY)) {
			throw new IllegalStateException("the daemon's clock is not the tests' (FixedToday)");
		}
		this.daemon = this.context.getBean(ScheduleDaemon.class);
		this.daemon.start();
	}

	/**
	 * A daemon with the users {@code operator} and {@code viewer}.
	 * @param database its database, migrated
	 * @return the running daemon
	 */
	static WebDaemon withUsers(DatabaseTarget database) {
		return new WebDaemon(database, true);
	}

	/**
	 * The daemon the page tests share (its start costs seconds): users {@code operator}
	 * and {@code viewer}, on the database of {@link WebFixtures} with its nights run;
	 * closed when the test JVM ends. Tests that change something use executions of their
	 * own and check figures against SQL at the time.
	 * @return the running daemon
	 */
	static synchronized WebDaemon shared() {
		if (shared == null) {
			WebDaemon started = withUsers(WebFixtures.seeded(WebDaemon.class));
			sharedFailedVerify = WebFixtures.runNights(started.bean(JobOperations.class), started.jdbc);
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "web-daemon-close"));
			shared = started;
		}
		return shared;
	}

	/**
	 * The failed verify-integrity execution of the shared daemon's nights, never
	 * restarted by a test.
	 * @return its id
	 */
	static synchronized long sharedFailedVerify() {
		shared();
		return sharedFailedVerify;
	}

	/**
	 * The guest jobs run with the CLI on the shared daemon's database
	 * ({@link WebFixtures#guestJobs}), once; no test changes them.
	 * @return their executions
	 */
	static synchronized WebFixtures.GuestJobs sharedGuestJobs() {
		if (sharedGuestJobs == null) {
			WebDaemon daemon = shared();
			sharedGuestJobs = WebFixtures.guestJobs(daemon.database, daemon.jdbc);
		}
		return sharedGuestJobs;
	}

	/**
	 * A daemon with no user configured: the page is off.
	 * @param database its database, migrated
	 * @return the running daemon
	 */
	static WebDaemon withoutUsers(DatabaseTarget database) {
		return new WebDaemon(database, false);
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	MockMvc mvc() {
		return MockMvcBuilders.webAppContextSetup((WebApplicationContext) this.context).apply(springSecurity()).build();
	}

	@Override
	public void close() {
		this.daemon.stopGracefully();
		this.runtime.close();
	}

}
