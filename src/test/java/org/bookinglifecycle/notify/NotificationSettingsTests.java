package org.bookinglifecycle.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.DaemonTask;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jobs/notifications.yml} as the daemon reads it at start: the shipped file on a
 * machine without secrets, and each problem named with its file and line.
 */
class NotificationSettingsTests {

	private static final String WHERE = "jobs/notifications.yml";

	static String file(String channels, String routes) {
		return """
				notifications:
				  poll-interval: 1s
				  batch-size: 10
				  retry:
				    attempts: 3
				    backoff: 1s
				    max-backoff: 2s
				  channels:
				%s
				  routes:
				%s
				""".formatted(channels, routes);
	}

	private static final String HOOK = "    hook:\n      type: webhook\n      url: http://127.0.0.1:1/hook\n"
			+ "      secret-env: HOOK_SECRET";

	private static final String ROUTE = "    - events: [\"alert.*\"]\n      min-severity: warning\n      channels: [hook]";

	@Test
	void theShippedFileStartsOnAMachineWithoutSecretsWithEveryChannelDisabled() throws Exception {
		NotificationSettings shipped = NotificationSettings.load(JobDefinitions.load(Path.of("jobs")), (name) -> null);

		assertThat(shipped.channels()).containsOnlyKeys("ops-email", "ops-telegram", "ops-webhook");
		assertThat(shipped.enabledChannels()).isEmpty();
		assertThat(shipped.routes()).hasSize(2);
		assertThat(shipped.routesJson()).isEqualTo("[]");
		assertThat(shipped.retry())
			.isEqualTo(new NotificationSettings.Retry(8, Duration.ofSeconds(30), Duration.ofHours(1)));
		assertThat(Files.readString(Path.of("jobs", NotificationSettings.FILE))).doesNotContainIgnoringCase("token:");
	}

	@Test
	void withNoChannelEnabledTheDaemonSaysSoAndDoesNotRunTheRelay() {
		NotificationSettings shipped = NotificationSettings.load(JobDefinitions.load(Path.of("jobs")), (name) -> null);
		NotificationSettings enabled = NotificationSettings.parse(WHERE, file(HOOK, ROUTE),
				Map.of("HOOK_SECRET", "x")::get);
		PGSimpleDataSource nowhere = new PGSimpleDataSource();

		DaemonTask idle = new NotifyConfiguration().outboxRelayTask(new OutboxRelay(nowhere, shipped), shipped);
		DaemonTask polling = new NotifyConfiguration().outboxRelayTask(new OutboxRelay(nowhere, enabled), enabled);

		assertThat(idle.active()).isFalse();
		assertThat(idle.describe())
			.isEqualTo("outbox relay: no channel enabled in " + shipped.source()
					+ "; events wait in the outbox (`outbox` lists them)")
			.contains("notifications.yml");
		assertThat(polling.active()).isTrue();
		assertThat(polling.interval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(polling.describe()).isEqualTo("outbox relay: channels hook, every 1 s (" + WHERE + ")");
	}

	@Test
	void anEnabledChannelTakesItsSecretFromTheEnvironmentAndRoutesBecomeLikePatterns() {
		NotificationSettings settings = NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE + "\n    - events: [booking.archived, \"a_b.*\"]\n      channels: [hook]"),
				Map.of("HOOK_SECRET", "s3cret")::get);

		assertThat(settings.enabledChannels().get("hook").secrets()).containsEntry("secret-env", "s3cret");
		assertThat(settings.enabledChannels().get("hook").toString()).doesNotContain("s3cret");
		assertThat(settings.routesJson())
			.isEqualTo("[{\"patterns\":[\"alert.%\"],\"min_rank\":1,\"channels\":[\"hook\"]},"
					+ "{\"patterns\":[\"booking.archived\",\"a\\\\_b.%\"],\"min_rank\":0,\"channels\":[\"hook\"]}]");
	}

	@Test
	void anUnknownChannelTypeIsNamedWithItsLine() {
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK.replace("type: webhook", "type: pager"), ROUTE), Map.of("HOOK_SECRET", "x")::get))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining(WHERE + ", line 10: notifications.channels.hook.type 'pager' is not a channel type;"
					+ " allowed: email, telegram, webhook");
	}

	@Test
	void anEnabledChannelWhoseSecretIsNotSetIsNamedWithItsLineButADisabledOneStarts() {
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE, file(HOOK, ROUTE), (name) -> null))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining(WHERE + ", line 12: notifications.channels.hook.secret-env names HOOK_SECRET,"
					+ " which is not set in the environment")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE, file(HOOK, ROUTE), Map.of("HOOK_SECRET", " ")::get))
			.hasMessageContaining("line 12");

		NotificationSettings disabled = NotificationSettings.parse(WHERE, file(HOOK + "\n      enabled: false", ROUTE),
				(name) -> null);
		assertThat(disabled.enabledChannels()).isEmpty();
	}

	@Test
	void aRouteNamingAnUnknownChannelIsNamedWithItsLine() {
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE, file(HOOK, ROUTE.replace("[hook]", "[hook, pager]")),
				Map.of("HOOK_SECRET", "x")::get))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining(WHERE + ", line 16: notifications.routes[].channels names 'pager', which is not a"
					+ " channel; the channels are hook");
	}

	@Test
	void badDurationsAndNumbersAreNamedWithTheirLine() {
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE).replace("poll-interval: 1s", "poll-interval: soon"), Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 2: notifications.poll-interval 'soon' is not allowed");
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE).replace("backoff: 1s", "backoff: 0s"), Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 6: notifications.retry.backoff '0s' is not allowed");
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE).replace("max-backoff: 2s", "max-backoff: 500ms"), Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 7: notifications.retry.max-backoff is shorter than backoff");
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE).replace("attempts: 3", "attempts: 51"), Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 5: notifications.retry.attempts '51' is not allowed; allowed: a whole"
					+ " number from 1 to 50");
		assertThat(NotificationSettings
			.parse(WHERE, file(HOOK, ROUTE).replace("attempts: 3", "attempts: 50"), Map.of("HOOK_SECRET", "x")::get)
			.retry()
			.attempts()).isEqualTo(50);
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE,
				file(HOOK, ROUTE).replace("min-severity: warning", "min-severity: high"),
				Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 15: notifications.routes[].min-severity 'high' is not a severity");
		assertThatThrownBy(() -> NotificationSettings.parse(WHERE, file(HOOK + "\n      secret: inline", ROUTE),
				Map.of("HOOK_SECRET", "x")::get))
			.hasMessageContaining(WHERE + ", line 13: notifications.channels.hook.secret is not a setting");
	}

	@Test
	void theBackoffDoublesUpToItsLimit() {
		NotificationSettings.Retry retry = new NotificationSettings.Retry(8, Duration.ofSeconds(30),
				Duration.ofMinutes(3));

		assertThat(retry.after(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(retry.after(2)).isEqualTo(Duration.ofSeconds(60));
		assertThat(retry.after(3)).isEqualTo(Duration.ofSeconds(120));
		assertThat(retry.after(4)).isEqualTo(Duration.ofMinutes(3));
		assertThat(retry.after(40)).isEqualTo(Duration.ofMinutes(3));
	}

}
