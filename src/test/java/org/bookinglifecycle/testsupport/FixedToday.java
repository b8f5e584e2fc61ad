package org.bookinglifecycle.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * A test's "today" for the suite's Spring contexts, so that a test that runs across
 * midnight still finds the day its fixtures and expectations were made for: the clock
 * bean of a context started with {@link #settings} (the daemon) or inside {@link #on} (a
 * CLI command run in this JVM) gives that day. Its instants are the machine's
 * (heartbeats, fire times and timeouts are unchanged); only its zone is chosen, a fixed
 * offset in which it is noon of that day when the context starts, so the day stays the
 * same for the next twelve hours. Loaded as an extra source of the context
 * ({@code spring.main.sources}); never component-scanned (no stereotype).
 */
public class FixedToday {

	/** The property naming the day, ISO-8601. */
	public static final String PROPERTY = "lifecycle.test.today";

	private static final String SOURCES = "spring.main.sources";

	/**
	 * The settings that give a context started with them that day as today.
	 * @param today the day
	 * @return properties for the context's environment
	 */
	public static Map<String, Object> settings(LocalDate today) {
		return Map.of(SOURCES, FixedToday.class.getName(), PROPERTY, today.toString());
	}

	/**
	 * Runs something (a CLI command in this JVM) whose contexts have that day as today,
	 * through system properties set for the call only.
	 * @param <T> what it returns
	 * @param today the day
	 * @param command what to run
	 * @return what it returned
	 */
	public static <T> T on(LocalDate today, Supplier<T> command) {
		System.setProperty(SOURCES, FixedToday.class.getName());
		System.setProperty(PROPERTY, today.toString());
		try {
			return command.get();
		}
		finally {
			System.clearProperty(SOURCES);
			System.clearProperty(PROPERTY);
		}
	}

	/**
	 * The machine's clock in the zone where it is noon of a day now.
	 * @param today the day
	 * @param machine the machine's clock
	 * @return the clock
	 */
	public static Clock clock(LocalDate today, Clock machine) {
		long seconds = Duration.between(machine.instant(), today.atTime(12, 0).toInstant(ZoneOffset.UTC)).toMinutes()
				* 60;
		if (Math.abs(seconds) > Duration.ofHours(18).toSeconds()) {
			throw new IllegalStateException("Today " + today + " is too far from the machine's " + machine.instant()
					+ " for a zone to make it today.");
		}
		return machine.withZone(ZoneOffset.ofTotalSeconds((int) seconds));
	}

	/**
	 * The context's clock: preferred to the application's.
	 * @param environment the context's environment, with {@link #PROPERTY}
	 * @return the clock
	 */
	@Bean
	@Primary
	Clock fixedTodayClock(Environment environment) {
		return clock(LocalDate.parse(environment.getRequiredProperty(PROPERTY)), Clock.systemUTC());
	}

}
