package org.bookinglifecycle.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.bookinglifecycle.kit.definition.ParameterSpec;

import tools.jackson.databind.node.ObjectNode;

/**
 * The channels over HTTP, on the JDK's client: Telegram's Bot API {@code sendMessage},
 * and webhooks (a POST of the event's JSON, signed with HMAC-SHA256 of the body, with the
 * event id as {@code Idempotency-Key}). A status other than 2xx is a failure, recorded by
 * its code alone.
 */
final class HttpChannels {

	/** The webhook's signature header: {@code sha256=<hex HMAC-SHA256 of the body>}. */
	static final String SIGNATURE_HEADER = "X-Lifecycle-Signature";

	/** The webhook's idempotency header: the event id. */
	static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

	private static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private HttpChannels() {
	}

	/**
	 * Telegram: {@code POST <base-url>/bot<token>/sendMessage} with the chat id and the
	 * message's text (cut to Telegram's 4096 characters).
	 * @param settings the channel
	 * @return the channel
	 */
	static Channel telegram(NotificationSettings.ChannelSettings settings) {
		URI uri = URI
			.create(settings.value("base-url") + "/bot" + settings.secrets().get("token-env") + "/sendMessage");
		String chat = settings.secrets().get("chat-id-env");
		return (message) -> {
			ObjectNode body = OutboxMessage.JSON.createObjectNode();
			body.put("chat_id", chat);
			String text = message.text();
			body.put("text", (text.length() > 4000) ? text.substring(0, 4000) + "\n..." : text);
			post(HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(OutboxMessage.JSON.writeValueAsString(body),
						StandardCharsets.UTF_8))
				.build());
		};
	}

	/**
	 * A webhook: {@code POST <url>} of the event's JSON with {@value #SIGNATURE_HEADER},
	 * {@value #IDEMPOTENCY_HEADER} and {@code X-Lifecycle-Event} (its type).
	 * @param settings the channel
	 * @return the channel
	 */
	static Channel webhook(NotificationSettings.ChannelSettings settings) {
		URI uri = URI.create(settings.value("url"));
		Duration timeout = Duration.parse(settings.value("timeout"));
		String secret = settings.secrets().get("secret-env");
		return (message) -> {
			String body = message.json();
			post(HttpRequest.newBuilder(uri)
				.timeout(timeout)
				.header("Content-Type", "application/json")
				.header(SIGNATURE_HEADER, "sha256=" + ParameterSpec.hmacHex(secret, body))
				.header(IDEMPOTENCY_HEADER, String.valueOf(message.eventId()))
				.header("X-Lifecycle-Event", message.eventType())
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build());
		};
	}

	private static void post(HttpRequest request) throws Exception {
		HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() / 100 != 2) {
			throw new DeliveryFailedException("HTTP " + response.statusCode());
		}
	}

}
