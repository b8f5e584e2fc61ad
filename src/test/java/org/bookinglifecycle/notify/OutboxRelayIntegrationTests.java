package org.bookinglifecycle.notify;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.Hmac;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.jdbc.core.JdbcTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay on the embedded PostgreSQL with real protocols on loopback: SMTP
 * (GreenMail), Telegram's Bot API and a webhook (WireMock). Each channel delivers; a
 * failing channel is retried alone with backoff, then dead-lettered; two relays never
 * send a delivery twice; {@code outbox} lists and requeues; an archived cancellation
 * carries its business metrics and no message carries guest data.
 */
class OutboxRelayIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

	private static final String TOKEN = "123456:test-token";

	private static final String SECRET = "webhook-secret";

	private static final Map<String, String> ENV = Map.of("TG_TOKEN", TOKEN, "TG_CHAT", "-1001", "HOOK_SECRET", SECRET);

	private static DatabaseTarget database;

	private static JdbcTemplate jdbc;

	private static GreenMail smtp;

	private static WireMockServer http;

	private static SimpleMeterRegistry meters;

	@BeforeAll
	static void start() {
		database = TestDatabase.migrated(OutboxRelayIntegrationTests.class);
		jdbc = TestDatabase.jdbc(database);
		smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		http = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		http.start();
		meters = new SimpleMeterRegistry();
		Metrics.addRegistry(meters);
	}

	@AfterAll
	static void stop() {
		smtp.stop();
		http.stop();
		Metrics.removeRegistry(meters);
	}

	@BeforeEach
	void empty() throws Exception {
		jdbc.execute("TRUNCATE lifecycle_outbox, bookings, booking_history, audit_logs CASCADE");
		smtp.purgeEmailFromAllMailboxes();
		http.resetAll();
		http.stubFor(post(urlEqualTo("/bot" + TOKEN + "/sendMessage")).willReturn(ok("{\"ok\":true}")));
		http.stubFor(post(urlEqualTo("/hook")).willReturn(ok()));
	}

	/** Email, Telegram and webhook, all three enabled; routes as given. */
	private static NotificationSettings settings(int attempts, int batch, String routes) {
		String channels = "    mail:\n      type: email\n      host: 127.0.0.1\n      port: " + smtp.getSmtp().getPort()
				+ "\n      from: lifecycle@test.invalid\n      to: [ops@test.invalid]\n"
				+ "    chat:\n      type: telegram\n      base-url: " + http.baseUrl()
				+ "\n      token-env: TG_TOKEN\n      chat-id-env: TG_CHAT\n"
				+ "    hook:\n      type: webhook\n      url: " + http.baseUrl()
				+ "/hook\n      secret-env: HOOK_SECRET";
		return NotificationSettings.parse("test notifications.yml",
				NotificationSettingsTests.file(channels, routes)
					.replace("attempts: 3", "attempts: " + attempts)
					.replace("batch-size: 10", "batch-size: " + batch),
				ENV::get);
	}

	private static final String ALERTS_EVERYWHERE = "    - events: [\"alert.*\"]\n      min-severity: warning\n"
			+ "      channels: [mail, chat, hook]\n    - events: [booking.archived]\n      channels: [mail, chat, hook]";

	private static final String ALERTS_TO_HOOK = "    - events: [\"alert.*\"]\n      channels: [hook]";

	private static long alert(String type, String severity) {
		String payload = "{\"rule\": \"archive_failure_rate\", \"value\": 7.5, \"threshold\": 5,"
				+ " \"runbook\": \"see README: a failed night\""
				+ ((severity != null) ? ", \"severity\": \"" + severity + "\"}" : "}");
		return jdbc.queryForObject("INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload)"
				+ " VALUES (?, 1, CAST(? AS JSONB)) RETURNING id", Long.class, type, payload);
	}

	private static Map<String, Object> delivery(long event, String channel) {
		return jdbc.queryForMap("SELECT status, attempts, next_attempt_at, last_error, sent_at"
				+ " FROM lifecycle_outbox_deliveries WHERE event_id = ? AND channel = ?", event, channel);
	}

	private static boolean published(long event) {
		return jdbc.queryForObject("SELECT published_at IS NOT NULL FROM lifecycle_outbox WHERE id = ?", Boolean.class,
				event);
	}

	private static List<LoggedRequest> hookRequests() {
		return http.findAll(postRequestedFor(urlEqualTo("/hook")));
	}

	private static List<LoggedRequest> chatRequests() {
		return http.findAll(postRequestedFor(urlEqualTo("/bot" + TOKEN + "/sendMessage")));
	}

	private static double backlog() {
		return meters.get(LifecycleMetrics.NOTIFY_BACKLOG).gauge().value();
	}

	private static double count(String meter, String channel) {
		var counter = meters.find(meter).tag("channel", channel).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void eachChannelDeliversTheEventWithItsIdAsIdempotencyKeyAndTheWebhookSigned() throws Exception {
		long critical = alert("alert.firing", "critical");
		long warning = alert("alert.resolved", "warning");
		long info = alert("alert.firing", "info");
		long noSeverity = alert("alert.firing", null);
		long otherType = alert("alerts.firing", "critical");

		OutboxRelay.Round round = new OutboxRelay(database.dataSource(), settings(3, 10, ALERTS_EVERYWHERE))
			.deliverDue(T0);

		// warning and critical reach every channel; info, no severity (info) and a type
		// no
		// route takes are published with no delivery
		assertThat(round).isEqualTo(new OutboxRelay.Round(2, 3, 6, 0, 0));
		assertThat(jdbc.queryForList("SELECT event_id FROM lifecycle_outbox_deliveries WHERE status = 'sent'"
				+ " ORDER BY event_id, channel", Long.class))
			.containsExactly(critical, critical, critical, warning, warning, warning);
		assertThat(List.of(critical, warning, info, noSeverity, otherType))
			.allMatch(OutboxRelayIntegrationTests::published);

		MimeMessage[] mails = smtp.getReceivedMessages();
		assertThat(mails).hasSize(2);
		assertThat(mails[0].getMessageID()).isEqualTo("<outbox-" + critical + "@booking-lifecycle>");
		assertThat(mails[0].getSubject())
			.isEqualTo("[booking-lifecycle] alert.firing archive_failure_rate (critical) #" + critical);
		assertThat(GreenMailUtil.getBody(mails[0])).contains("\"threshold\" : 5").contains("\"runbook\"");
		assertThat(mails[1].getMessageID()).isEqualTo("<outbox-" + warning + "@booking-lifecycle>");

		List<LoggedRequest> chats = chatRequests();
		assertThat(chats).hasSize(2);
		JsonNode chat = OutboxMessage.JSON.readTree(chats.get(0).getBodyAsString());
		assertThat(chat.get("chat_id").asString()).isEqualTo("-1001");
		assertThat(chat.get("text").asString())
			.startsWith("[booking-lifecycle] alert.firing archive_failure_rate" + " (critical) #" + critical);

		List<LoggedRequest> hooks = hookRequests();
		assertThat(hooks).hasSize(2);
		for (LoggedRequest hook : hooks) {
			String body = hook.getBodyAsString();
			assertThat(hook.getHeader(HttpChannels.SIGNATURE_HEADER))
				.isEqualTo("sha256=" + Hmac.sha256Hex(SECRET, body))
				.isNotEqualTo("sha256=" + Hmac.sha256Hex("another secret", body));
			JsonNode event = OutboxMessage.JSON.readTree(body);
			assertThat(hook.getHeader(HttpChannels.IDEMPOTENCY_HEADER)).isEqualTo(event.get("eventId").asString());
			assertThat(event.get("payload").get("rule").asString()).isEqualTo("archive_failure_rate");
		}
		assertThat(hooks.stream().map((h) -> h.getHeader(HttpChannels.IDEMPOTENCY_HEADER)))
			.containsExactlyInAnyOrder(String.valueOf(critical), String.valueOf(warning));
	}

	@Test
	void aChannelThatFailsIsRetriedAloneAfterItsBackoffAndEveryChannelGetsTheEventOnce() {
		http.stubFor(post(urlEqualTo("/hook")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withBody("stack trace of the receiver"))
			.willSetStateTo("up"));
		http.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs("up").willReturn(ok()));
		long event = alert("alert.firing", "critical");
		OutboxRelay relay = new OutboxRelay(database.dataSource(), settings(3, 10, ALERTS_EVERYWHERE));
		double failedBefore = count(LifecycleMetrics.NOTIFY_FAILED, "hook");

		OutboxRelay.Round first = relay.deliverDue(T0);

		assertThat(first).isEqualTo(new OutboxRelay.Round(1, 0, 2, 1, 0));
		assertThat(delivery(event, "hook")).containsEntry("status", "pending")
			.containsEntry("attempts", 1)
			.containsEntry("last_error", "HTTP 500");
		assertThat(((java.sql.Timestamp) delivery(event, "hook").get("next_attempt_at")).toInstant())
			.isEqualTo(T0.plusSeconds(1));
		assertThat(delivery(event, "mail")).containsEntry("status", "sent").containsEntry("attempts", 1);
		assertThat(published(event)).isFalse();
		assertThat(count(LifecycleMetrics.NOTIFY_FAILED, "hook")).isEqualTo(failedBefore + 1);
		assertThat(backlog()).isEqualTo(1);

		// not yet due a millisecond before its backoff ends; due at its end
		assertThat(relay.deliverDue(T0.plusMillis(999))).isEqualTo(new OutboxRelay.Round(0, 0, 0, 0, 0));
		assertThat(relay.deliverDue(T0.plusSeconds(1))).isEqualTo(new OutboxRelay.Round(0, 0, 1, 0, 0));
		assertThat(relay.deliverDue(T0.plusSeconds(60))).isEqualTo(new OutboxRelay.Round(0, 0, 0, 0, 0));

		assertThat(delivery(event, "hook")).containsEntry("status", "sent").containsEntry("attempts", 2);
		assertThat(published(event)).isTrue();
		assertThat(backlog()).isZero();
		assertThat(smtp.getReceivedMessages()).hasSize(1);
		assertThat(chatRequests()).hasSize(1);
		assertThat(hookRequests()).hasSize(2);
		assertThat(hookRequests()).extracting((r) -> r.getHeader(HttpChannels.IDEMPOTENCY_HEADER))
			.containsOnly(String.valueOf(event));
		assertThat(http.getAllServeEvents()
			.stream()
			.filter((e) -> e.getRequest().getUrl().equals("/hook"))
			.map((e) -> e.getResponse().getStatus())).containsExactlyInAnyOrder(500, 200);
	}

	@Test
	void twoRelaysOnTheSameDatabaseNeverSendADeliveryTwice() throws Exception {
		http.stubFor(post(urlEqualTo("/hook")).willReturn(ok().withFixedDelay(15)));
		http.stubFor(post(urlEqualTo("/bot" + TOKEN + "/sendMessage")).willReturn(ok().withFixedDelay(15)));
		int events = 60;
		for (int i = 0; i < events; i++) {
			alert("alert.firing", "warning");
		}
		// two channels per event, batches of 3: an event's two deliveries often fall to
		// different relays, which must still publish it once both are sent
		NotificationSettings settings = settings(3, 3, "    - events: [\"alert.*\"]\n      channels: [hook, chat]");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> sent = new ArrayList<>();
			for (int r = 0; r < 2; r++) {
				OutboxRelay relay = new OutboxRelay(database.dataSource(), settings);
				Callable<Integer> loop = () -> {
					int total = 0;
					while (jdbc.queryForObject("SELECT (SELECT count(*) FROM lifecycle_outbox_deliveries WHERE status"
							+ " = 'pending') + (SELECT count(*) FROM lifecycle_outbox o WHERE NOT EXISTS (SELECT 1 FROM"
							+ " lifecycle_outbox_deliveries d WHERE d.event_id = o.id))", Long.class) > 0) {
						total += relay.deliverDue(T0).sent();
					}
					return total;
				};
				sent.add(threads.submit(loop));
			}
			int first = sent.get(0).get();
			int second = sent.get(1).get();

			assertThat(first + second).isEqualTo(2 * events);
			assertThat(first).as("both relays sent (they ran at once)").isPositive();
			assertThat(second).as("both relays sent (they ran at once)").isPositive();
		}
		finally {
			threads.shutdownNow();
		}
		List<LoggedRequest> hooks = hookRequests();
		assertThat(hooks).hasSize(events);
		assertThat(hooks.stream().map((h) -> h.getHeader(HttpChannels.IDEMPOTENCY_HEADER)).collect(Collectors.toSet()))
			.hasSize(events);
		assertThat(chatRequests()).hasSize(events);
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM lifecycle_outbox_deliveries WHERE status = 'sent'" + " AND attempts = 1",
				Long.class))
			.isEqualTo(2L * events);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_outbox WHERE published_at IS NULL", Long.class))
			.as("every event published, also those whose channels two relays sent")
			.isZero();
	}

	@Test
	void anEventWhoseTwoChannelsTwoRelaysSendAtTheSameMomentIsPublishedOnce() throws Exception {
		// relay one sends only chat, relay two only hook; their sends meet at a barrier,
		// so each marks its delivery while the other's is still pending and uncommitted
		NotificationSettings settings = settings(3, 10, "    - events: [\"alert.*\"]\n      channels: [hook, chat]");
		CyclicBarrier together = new CyclicBarrier(2);
		Channel meeting = (message) -> together.await(10, TimeUnit.SECONDS);
		OutboxRelay one = new OutboxRelay(database.dataSource(), settings, Map.of("chat", meeting));
		OutboxRelay two = new OutboxRelay(database.dataSource(), settings, Map.of("hook", meeting));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 20; i++) {
				long event = alert("alert.firing", "critical");
				Future<OutboxRelay.Round> first = threads.submit(() -> one.deliverDue(T0));
				Future<OutboxRelay.Round> second = threads.submit(() -> two.deliverDue(T0));

				assertThat(first.get(30, TimeUnit.SECONDS).sent() + second.get(30, TimeUnit.SECONDS).sent())
					.isEqualTo(2);
				assertThat(published(event)).as("event %d published once both its deliveries were sent", event)
					.isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aDeliveryIsDeadLetteredAfterItsLastAttemptListedAndRequeuedByTheCli() {
		http.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
		long event = alert("alert.firing", "critical");
		long other = alert("alert.firing", "critical");
		OutboxRelay relay = new OutboxRelay(database.dataSource(), settings(3, 10, ALERTS_TO_HOOK));
		double deadBefore = count(LifecycleMetrics.NOTIFY_DEAD, "hook");

		relay.deliverDue(T0);
		relay.deliverDue(T0.plusSeconds(1));

		assertThat(delivery(event, "hook")).containsEntry("status", "pending").containsEntry("attempts", 2);
		assertThat(published(event)).isFalse();
		Cli cli = new Cli(database);
		Cli.Result failed = cli.run("outbox");
		assertThat(failed.out()).as(failed.toString())
			.containsPattern("alert\\.firing\\s*\\|?\\s*failed\\s*\\|?\\s*2\\s*\\|?\\s*" + event + "," + other)
			.doesNotContain("dead");
		assertThat(new OutboxStatus().figures(jdbc, true)).extracting((f) -> f.name() + " " + f.value())
			.contains("deliveries failed, awaiting retry 2", "deliveries dead-lettered 0");

		// backoff 1 s, then 2 s (the limit): the third and last attempt at T0 + 3 s
		assertThat(relay.deliverDue(T0.plusMillis(2999)).dead()).isZero();
		assertThat(relay.deliverDue(T0.plusSeconds(3))).isEqualTo(new OutboxRelay.Round(0, 0, 0, 0, 2));

		assertThat(delivery(event, "hook")).containsEntry("status", "dead")
			.containsEntry("attempts", 3)
			.containsEntry("last_error", "HTTP 503");
		assertThat(published(event)).isTrue();
		assertThat(count(LifecycleMetrics.NOTIFY_DEAD, "hook")).isEqualTo(deadBefore + 2);
		assertThat(relay.deliverDue(T0.plusSeconds(3600))).isEqualTo(new OutboxRelay.Round(0, 0, 0, 0, 0));
		alert("booking.archived", null);

		Cli.Result list = cli.run("outbox");
		assertThat(list.exit()).as(list.toString()).isZero();
		assertThat(list.out()).containsPattern(
				"alert\\.firing\\s*\\|?\\s*dead\\s*\\|?\\s*2\\s*\\|?\\s*" + event + "," + other + "\\s*\\|?\\s*hook");
		assertThat(list.out()).containsPattern("booking\\.archived\\s*\\|?\\s*unrouted\\s*\\|?\\s*1");
		// the status dashboard's figures (the status command prints every contributor's)
		assertThat(new OutboxStatus().figures(jdbc, false))
			.extracting((f) -> f.section() + ": " + f.name() + " " + f.value() + (f.estimated() ? "~" : ""))
			.containsExactly("outbox: events not yet routed 1", "outbox: deliveries pending 0",
					"outbox: deliveries failed, awaiting retry 0", "outbox: deliveries dead-lettered 2");

		Cli.Result one = cli.run("outbox", "retry", String.valueOf(event));
		assertThat(one.exit()).as(one.toString()).isZero();
		assertThat(one.out()).contains("requeued 1 deliveries of 1 events");
		assertThat(delivery(event, "hook")).containsEntry("status", "pending").containsEntry("attempts", 0);
		assertThat(delivery(other, "hook")).containsEntry("status", "dead");
		assertThat(published(event)).isFalse();
		assertThat(cli.run("outbox", "retry", "--dead").out()).contains("requeued 1 deliveries of 1 events");
		assertThat(cli.run("outbox", "retry", "--dead").exit()).isEqualTo(4);
		assertThat(cli.run("outbox", "retry").exit()).isEqualTo(2);

		http.stubFor(post(urlEqualTo("/hook")).willReturn(ok()));
		OutboxRelay.Round again = new OutboxRelay(database.dataSource(), settings(3, 10, ALERTS_TO_HOOK))
			.deliverDue(Instant.now().plusSeconds(1));
		assertThat(again.sent()).isEqualTo(2);
		assertThat(published(event) && published(other)).isTrue();
		// the purge of delivered events takes their deliveries with them
		assertThat(jdbc.update("DELETE FROM lifecycle_outbox WHERE id = ?", event)).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT event_id FROM lifecycle_outbox_deliveries", Long.class))
			.containsExactly(other);
	}

	@Test
	void anArchivedCancellationCarriesItsBusinessMetricsAndNoMessageCarriesGuestData() throws Exception {
		// hotel 7, the 30 days before T0 = [2026-10-26 12:00, 2026-11-25 12:00) UTC
		booking(101, 7, "cancelled", "refunded", "2026-10-28 10:00:00+00", "2026-11-09 09:00:00+00");
		booking(102, 7, "confirmed", "pending", "2026-10-26 12:00:00+00", null);
		booking(103, 7, "cancelled", "pending", "2026-10-26 11:59:59+00", "2026-10-27 00:00:00+00");
		booking(104, 7, "cancelled", "pending", "2026-11-25 11:59:59+00", "2026-11-25 11:59:59+00");
		booking(105, 7, "cancelled", "pending", "2026-11-25 12:00:00+00", "2026-11-25 12:00:00+00");
		booking(106, 8, "cancelled", "pending", "2026-11-10 00:00:00+00", "2026-11-11 00:00:00+00");
		jdbc.update("INSERT INTO booking_history (original_booking_id, booking_reference, hotel_id, room_type,"
				+ " check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " booking_created_at, archive_reason) VALUES (107, 'REF107', 7, 'double', DATE '2026-11-02',"
				+ " DATE '2026-11-04', 'completed', 'paid', 200, 'EUR', TIMESTAMPTZ '2026-11-01 00:00:00+00',"
				+ " 'COMPLETED')");
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, new_values, metadata, ip_address,"
				+ " created_at) VALUES ('BOOKING_CREATED', 'BOOKING', 101, CAST(? AS JSONB), NULL, '198.51.100.23',"
				+ " TIMESTAMPTZ '2026-10-28 10:00:00+00'), ('BOOKING_CANCELLED', 'BOOKING', 101,"
				+ " '{\"booking_status\": \"cancelled\"}', '{\"cancellation_reason\": \"guest request\","
				+ " \"refund_amount\": 180.50, \"notification_sent\": true}', '198.51.100.23',"
				+ " TIMESTAMPTZ '2026-11-09 09:00:00+00')",
				"{\"guest\": {\"name\": \"Zebulon Quartermain\", \"email\": \"zebulon.quartermain@example.org\","
						+ " \"phone\": \"+44 7700 900123\"}}");

		Cli.Result archive = new Cli(database).run("run", "archive-bookings", "asOf=2026-11-25");
		assertThat(archive.exit()).as(archive.toString()).isZero();
		assertThat(jdbc.queryForList("SELECT aggregate_id FROM lifecycle_outbox WHERE event_type = 'booking.archived'",
				Long.class))
			.containsExactly(101L);
		long alert = alert("alert.firing", "critical");

		new OutboxRelay(database.dataSource(), settings(3, 10, ALERTS_EVERYWHERE)).deliverDue(T0);

		Map<String, Object> expected = jdbc.queryForMap("""
				SELECT (SELECT (metadata ->> 'refund_amount')::numeric FROM audit_logs
				        WHERE resource_id = 101 AND action = 'BOOKING_CANCELLED') AS refund,
				       (SELECT date_part('day', cancelled_at - booking_created_at) FROM booking_history
				        WHERE original_booking_id = 101) AS days,
				       (SELECT count(*) FROM (SELECT created_at, booking_status FROM bookings WHERE hotel_id = 7
				                              UNION ALL
				                              SELECT booking_created_at, booking_status FROM booking_history
				                              WHERE hotel_id = 7) t
				        WHERE created_at BETWEEN TIMESTAMPTZ '2026-10-26 12:00:00+00'
				                             AND TIMESTAMPTZ '2026-11-25 11:59:59.999999+00') AS bookings,
				       (SELECT count(*) FROM (SELECT created_at, booking_status FROM bookings WHERE hotel_id = 7
				                              UNION ALL
				                              SELECT booking_created_at, booking_status FROM booking_history
				                              WHERE hotel_id = 7) t
				        WHERE created_at BETWEEN TIMESTAMPTZ '2026-10-26 12:00:00+00'
				                             AND TIMESTAMPTZ '2026-11-25 11:59:59.999999+00'
				          AND booking_status = 'cancelled') AS cancellations
				""");
		// 101 (cancelled), 102 (confirmed, at the window's start), 104 (cancelled, just
		// before its end) and history 107 (completed); 103 and 105 just outside, 106
		// another hotel
		assertThat(expected).containsEntry("bookings", 4L).containsEntry("cancellations", 2L);
		assertThat(((Number) expected.get("days")).longValue()).isEqualTo(11);

		List<String> bodies = new ArrayList<>();
		hookRequests().forEach((r) -> bodies.add(r.getBodyAsString() + r.getHeaders()));
		chatRequests().forEach((r) -> bodies.add(r.getBodyAsString() + r.getHeaders()));
		for (MimeMessage mail : smtp.getReceivedMessages()) {
			bodies.add(GreenMailUtil.getWholeMessage(mail));
		}
		assertThat(bodies).hasSize(6);

		JsonNode archived = hookRequests().stream()
			.map((r) -> OutboxMessage.JSON.readTree(r.getBodyAsString()))
			.filter((b) -> b.get("eventType").asString().equals("booking.archived"))
			.findFirst()
			.orElseThrow();
		JsonNode metrics = archived.get("businessMetrics");
		assertThat(metrics.get("refundAmount").decimalValue()).isEqualByComparingTo((BigDecimal) expected.get("refund"))
			.isEqualByComparingTo("180.50");
		assertThat(metrics.get("daysBetweenBookingAndCancellation").asLong())
			.isEqualTo(((Number) expected.get("days")).longValue());
		assertThat(metrics.get("hotelId").asLong()).isEqualTo(7);
		assertThat(metrics.get("hotelBookingsLast30Days").asLong()).isEqualTo(4);
		assertThat(metrics.get("hotelCancellationsLast30Days").asLong()).isEqualTo(2);
		assertThat(metrics.get("hotelCancellationRateLast30Days").decimalValue()).isEqualByComparingTo("0.5");
		assertThat(archived.get("payload").get("archiveReason").asString()).isEqualTo("CANCELLED");
		assertThat(bodies.stream().filter((b) -> b.contains("\"alert.firing\"") || b.contains("alert.firing")))
			.hasSize(3);
		assertThat(published(alert)).isTrue();

		Set<String> guestData = Set.of("Zebulon", "Quartermain", "zebulon.quartermain", "example.org", "7700 900123",
				"900123", "198.51.100.23", "feathers", "REF101");
		for (String body : bodies) {
			for (String piece : guestData) {
				assertThat(body).as("a delivered message").doesNotContainIgnoringCase(piece);
			}
		}
	}

	@Test
	void theScheduleDaemonStartsTheRelayWhichDeliversAtItsPollIntervalAndStopsWithIt() throws Exception {
		long event = alert("booking.archived", null);
		Cli cli = new Cli(database);
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			// a secret from a variable every environment has (tests cannot set one); the
			// receiver checks the signature with the same value
			Future<Cli.Result> daemon = thread.submit(() -> cli.runWithJobFile(NotificationSettings.FILE,
					(text) -> text.replace("poll-interval: 10s", "poll-interval: 200ms")
						.replace("    ops-webhook:\n      type: webhook\n      enabled: false",
								"    ops-webhook:\n      type: webhook\n      enabled: true")
						.replace("https://hooks.example.invalid/booking-lifecycle", http.baseUrl() + "/hook")
						.replace("LIFECYCLE_WEBHOOK_SECRET", "HOME"),
					"schedule", "--port", "0"));
			await().atMost(Duration.ofSeconds(60)).until(() -> !hookRequests().isEmpty() || daemon.isDone());
			assertThat(daemon.isDone()).as("the daemon still runs").isFalse();
			Signal.raise(new Signal("TERM"));
			Cli.Result result = daemon.get(60, TimeUnit.SECONDS);

			assertThat(result.exit()).as(result.toString()).isZero();
			assertThat(result.out()).contains("outbox relay: channels ops-webhook, every 200 ms")
				.contains("schedule daemon stopped");
			assertThat(hookRequests()).hasSize(1);
			assertThat(hookRequests().get(0).getHeader(HttpChannels.SIGNATURE_HEADER))
				.isEqualTo("sha256=" + Hmac.sha256Hex(System.getenv("HOME"), hookRequests().get(0).getBodyAsString()));
			assertThat(hookRequests().get(0).getHeader(HttpChannels.IDEMPOTENCY_HEADER))
				.isEqualTo(String.valueOf(event));
			assertThat(published(event)).isTrue();
		}
		finally {
			thread.shutdownNow();
			Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
			Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
		}
	}

	@Test
	void theDaemonRefusesToStartOnABadChannelNamingFileAndLine() {
		Cli cli = new Cli(database);
		try {
			Cli.Result missingSecret = cli
				.runWithJobFile(NotificationSettings.FILE,
						(text) -> text.replace("    ops-webhook:\n      type: webhook\n      enabled: false",
								"    ops-webhook:\n      type: webhook\n      enabled: true"),
						"schedule", "--port", "0");
			Cli.Result unknownType = cli.runWithJobFile(NotificationSettings.FILE,
					(text) -> text.replace("type: telegram", "type: pager"), "schedule", "--port", "0");

			assertThat(missingSecret.exit()).as(missingSecret.toString()).isEqualTo(2);
			assertThat(missingSecret.err()).containsPattern("Notification settings /\\S+/notifications.yml, line 47:"
					+ " notifications.channels.ops-webhook.secret-env names LIFECYCLE_WEBHOOK_SECRET, which is not set");
			assertThat(unknownType.exit()).as(unknownType.toString()).isEqualTo(2);
			assertThat(unknownType.err()).containsPattern("notifications.yml, line 38:"
					+ " notifications.channels.ops-telegram.type 'pager' is not a channel type; allowed: email,"
					+ " telegram, webhook");
			assertThat(missingSecret.out() + unknownType.out()).doesNotContain("joined cluster");
		}
		finally {
			// `schedule` took SIGTERM and SIGINT for its graceful stop: give them back
			Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
			Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
		}
	}

	private static void booking(long id, int hotel, String status, String payment, String createdAt,
			String cancelledAt) {
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, guest_email, guest_phone, hotel_id,"
				+ " room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,"
				+ " special_requests, created_at, updated_at, cancelled_at) VALUES (?, ?, 'Zebulon Quartermain',"
				+ " 'zebulon.quartermain@example.org', '+44 7700 900123', ?, 'double', DATE '2026-11-20',"
				+ " DATE '2026-11-22', ?, ?, 180.50, 'EUR', 'allergic to feathers', CAST(? AS TIMESTAMPTZ),"
				+ " CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ))", id, "REF" + id, hotel, status, payment, createdAt,
				createdAt, cancelledAt);
	}

}
