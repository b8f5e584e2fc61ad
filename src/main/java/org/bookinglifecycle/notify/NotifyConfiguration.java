package org.bookinglifecycle.notify;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.DaemonTask;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The relay in the schedule daemon's context only (the property the daemon's context
 * sets): {@code jobs/notifications.yml} read and checked, with its secrets, when the
 * daemon starts (a problem stops it, exit 2), and the relay polled at its interval.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lifecycle.schedule.daemon", havingValue = "true")
class NotifyConfiguration {

	@Bean
	NotificationSettings notificationSettings(JobDefinitions definitions) {
		return NotificationSettings.load(definitions, System::getenv);
	}

	@Bean
	OutboxRelay outboxRelay(DataSource dataSource, NotificationSettings settings) {
		return new OutboxRelay(dataSource, settings);
	}

	@Bean
	DaemonTask outboxRelayTask(OutboxRelay relay, NotificationSettings settings) {
		return new DaemonTask() {

			@Override
			public String name() {
				return "outbox relay";
			}

			@Override
			public void check() {
				// jobs/notifications.yml and its secrets were checked when the settings
				// were read, as the daemon's context started
			}

			@Override
			public boolean active() {
				return relay.active();
			}

			@Override
			public String describe() {
				return relay.active()
						? "outbox relay: channels " + String.join(", ", settings.enabledChannels().keySet())
								+ ", every " + every(settings.pollInterval()) + " (" + settings.source() + ")"
						: "outbox relay: no channel enabled in " + settings.source()
								+ "; events wait in the outbox (`outbox` lists them)";
			}

			@Override
			public Duration interval() {
				return settings.pollInterval();
			}

			@Override
			public void runOnce(Instant now) {
				relay.drain(now);
			}

		};
	}

	private static String every(Duration interval) {
		return (interval.toMillis() % 1000 == 0) ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
	}

}
