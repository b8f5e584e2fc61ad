package org.bookinglifecycle.notify;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event as every channel sends it: the outbox row (ids and codes only, as the suite
 * writes them) and, for an archived cancellation, the business metrics computed when its
 * batch was sent. The event id is the idempotency key a receiver deduplicates on.
 *
 * @param eventId the outbox id
 * @param eventType e.g. {@code booking.archived}, {@code alert.firing}
 * @param aggregateId the outbox row's aggregate (a booking id, an alert's id)
 * @param createdAt when the event was written
 * @param payload the outbox payload
 * @param businessMetrics the metrics of an archived cancellation, or {@code null}
 */
public record OutboxMessage(long eventId, String eventType, long aggregateId, Instant createdAt, JsonNode payload,
		JsonNode businessMetrics) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The event as JSON: what a webhook receives and what the other channels print.
	 * @return the body
	 */
	public String json() {
		ObjectNode body = JSON.createObjectNode();
		body.put("eventId", this.eventId);
		body.put("eventType", this.eventType);
		body.put("aggregateId", this.aggregateId);
		body.put("createdAt", this.createdAt.toString());
		body.set("payload", this.payload);
		if (this.businessMetrics != null) {
			body.set("businessMetrics", this.businessMetrics);
		}
		return JSON.writeValueAsString(body);
	}

	/**
	 * A one-line title: the type, for an alert its rule and severity, and the event id.
	 * @return the subject
	 */
	public String subject() {
		StringBuilder subject = new StringBuilder("[booking-lifecycle] ").append(this.eventType);
		if (this.payload.hasNonNull("rule")) {
			subject.append(' ').append(this.payload.get("rule").asString());
		}
		if (this.payload.hasNonNull("severity")) {
			subject.append(" (").append(this.payload.get("severity").asString()).append(')');
		}
		return subject.append(" #").append(this.eventId).toString();
	}

	/**
	 * The text of a chat or mail message: the subject, then the JSON.
	 * @return the text
	 */
	public String text() {
		return subject() + "\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json()));
	}

	/**
	 * The value of an email's Message-ID: the event id, the same on every attempt.
	 * @return {@code <outbox-ID@booking-lifecycle>}
	 */
	public String messageId() {
		return "<outbox-" + this.eventId + "@booking-lifecycle>";
	}

}
