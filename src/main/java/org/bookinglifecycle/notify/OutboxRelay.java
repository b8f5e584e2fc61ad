package org.bookinglifecycle.notify;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Metrics;
import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay: routes new events of {@code lifecycle_outbox} to one delivery per
 * channel, then, in one transaction per batch, claims the due deliveries with
 * {@code FOR UPDATE SKIP LOCKED}, sends them, and records each outcome (sent, retried
 * after an exponential backoff, dead-lettered after the last attempt) and publishes the
 * events none of whose deliveries is still pending, before the commit. A relay that dies
 * mid-batch commits nothing: its deliveries are sent again (at least once; the event id
 * is the receiver's idempotency key). Several relays on one database never send the same
 * delivery at once.
 */
public class OutboxRelay {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private static final String SQL = "notify";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final NotificationSettings settings;

	private final Map<String, Channel> channels;

	/**
	 * A relay over the enabled channels of the settings.
	 * @param dataSource the suite's database
	 * @param settings the settings (secrets already read)
	 */
	public OutboxRelay(DataSource dataSource, NotificationSettings settings) {
		this(dataSource, settings, channels(settings));
	}

	OutboxRelay(DataSource dataSource, NotificationSettings settings, Map<String, Channel> channels) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.settings = settings;
		this.channels = channels;
	}

	private static Map<String, Channel> channels(NotificationSettings settings) {
		Map<String, Channel> channels = new LinkedHashMap<>();
		settings.enabledChannels().forEach((name, channel) -> channels.put(name, switch (channel.type()) {
			case "email" -> new EmailChannel(channel);
			case "telegram" -> HttpChannels.telegram(channel);
			default -> HttpChannels.webhook(channel);
		}));
		return channels;
	}

	/**
	 * Whether there is anything to deliver to: at least one channel is enabled.
	 * @return {@code true} when the relay runs
	 */
	public boolean active() {
		return !this.channels.isEmpty();
	}

	/**
	 * One round: route the next new events, then deliver one batch of the due deliveries
	 * in one transaction.
	 * @param now the time (deliveries due at or before it are sent)
	 * @return what was done
	 */
	public Round deliverDue(Instant now) {
		Map<String, Object> routing = this.jdbc.queryForMap(SqlFiles.load(SQL, "route-events"),
				this.settings.routesJson(), this.settings.batchSize(), Timestamp.from(now), Timestamp.from(now));
		Round round = this.transactions.execute((status) -> deliverBatch(now));
		round = new Round(((Number) routing.get("routed")).intValue(), ((Number) routing.get("unrouted")).intValue(),
				round.sent(), round.retried(), round.dead());
		LifecycleMetrics.gauge(LifecycleMetrics.NOTIFY_BACKLOG, "table", "lifecycle_outbox",
				this.jdbc.queryForObject(SqlFiles.load(SQL, "backlog"), Long.class));
		return round;
	}

	/**
	 * Rounds until no batch is full (the daemon's poll).
	 * @param now the time
	 * @return the rounds added up
	 */
	public Round drain(Instant now) {
		Round total = new Round(0, 0, 0, 0, 0);
		Round round;
		do {
			round = deliverDue(now);
			total = total.plus(round);
		}
		while (round.attempted() >= this.settings.batchSize()
				|| round.routed() + round.unrouted() >= this.settings.batchSize());
		return total;
	}

	private Round deliverBatch(Instant now) {
		List<Map<String, Object>> due = this.jdbc.queryForList(SqlFiles.load(SQL, "claim-due"), Timestamp.from(now),
				this.channels.keySet().toArray(String[]::new), this.settings.batchSize());
		if (due.isEmpty()) {
			return new Round(0, 0, 0, 0, 0);
		}
		Map<Long, JsonNode> metrics = archivedMetrics(due, now);
		int size = due.size();
		Long[] events = new Long[size];
		String[] channelNames = new String[size];
		String[] outcomes = new String[size];
		String[] next = new String[size];
		String[] errors = new String[size];
		int sent = 0;
		int retried = 0;
		int dead = 0;
		for (int i = 0; i < size; i++) {
			Map<String, Object> row = due.get(i);
			long eventId = ((Number) row.get("event_id")).longValue();
			String channel = (String) row.get("channel");
			int failures = ((Number) row.get("attempts")).intValue() + 1;
			events[i] = eventId;
			channelNames[i] = channel;
			OutboxMessage message = new OutboxMessage(eventId, (String) row.get("event_type"),
					((Number) row.get("aggregate_id")).longValue(), ((Timestamp) row.get("created_at")).toInstant(),
					OutboxMessage.JSON.readTree((String) row.get("payload")),
					"booking.archived".equals(row.get("event_type"))
							? metrics.get(((Number) row.get("aggregate_id")).longValue()) : null);
			try {
				this.channels.get(channel).send(message);
				outcomes[i] = "sent";
				next[i] = now.toString();
				sent++;
				Metrics.counter(LifecycleMetrics.NOTIFY_SENT, "channel", channel).increment();
			}
			catch (Exception ex) {
				errors[i] = DeliveryErrors.describe(ex, this.settings.channels().get(channel).secrets().values());
				Metrics.counter(LifecycleMetrics.NOTIFY_FAILED, "channel", channel).increment();
				if (failures >= this.settings.retry().attempts()) {
					outcomes[i] = "dead";
					next[i] = now.toString();
					dead++;
					Metrics.counter(LifecycleMetrics.NOTIFY_DEAD, "channel", channel).increment();
					logger.warn("Outbox event {} dead-lettered for channel {} after {} attempts: {}", eventId, channel,
							failures, errors[i]);
				}
				else {
					outcomes[i] = "retry";
					next[i] = now.plus(this.settings.retry().after(failures)).toString();
					retried++;
					logger.info("Outbox event {} not delivered to channel {} (attempt {} of {}): {}", eventId, channel,
							failures, this.settings.retry().attempts(), errors[i]);
				}
			}
		}
		this.jdbc.update(SqlFiles.load(SQL, "mark-attempts"), Timestamp.from(now), events, channelNames, outcomes, next,
				errors);
		Long[] distinct = new TreeSet<>(List.of(events)).toArray(Long[]::new);
		this.jdbc.queryForList(SqlFiles.load(SQL, "lock-events"), Long.class, (Object) distinct);
		this.jdbc.update(SqlFiles.load(SQL, "publish-delivered"), Timestamp.from(now), distinct);
		return new Round(0, 0, sent, retried, dead);
	}

	/**
	 * The business metrics of the archived cancellations among the batch's events, by
	 * booking id, in one statement.
	 */
	private Map<Long, JsonNode> archivedMetrics(Collection<Map<String, Object>> due, Instant now) {
		Long[] bookings = due.stream()
			.filter((row) -> "booking.archived".equals(row.get("event_type")))
			.map((row) -> ((Number) row.get("aggregate_id")).longValue())
			.distinct()
			.toArray(Long[]::new);
		Map<Long, JsonNode> metrics = new HashMap<>();
		if (bookings.length == 0) {
			return metrics;
		}
		Timestamp at = Timestamp.from(now);
		for (Map<String, Object> row : this.jdbc.queryForList(SqlFiles.load(SQL, "archived-metrics"), (Object) bookings,
				at, at, at, at)) {
			ObjectNode node = OutboxMessage.JSON.createObjectNode();
			node.put("refundAmount", (BigDecimal) row.get("refund_amount"));
			node.put("daysBetweenBookingAndCancellation", ((Number) row.get("days_to_cancellation")).longValue());
			node.put("hotelId", ((Number) row.get("hotel_id")).longValue());
			node.put("hotelBookingsLast30Days", ((Number) row.get("hotel_bookings_30d")).longValue());
			node.put("hotelCancellationsLast30Days", ((Number) row.get("hotel_cancellations_30d")).longValue());
			node.put("hotelCancellationRateLast30Days", (BigDecimal) row.get("hotel_cancellation_rate_30d"));
			node.put("computedAt", now.toString());
			metrics.put(((Number) row.get("booking_id")).longValue(), node);
		}
		return metrics;
	}

	/**
	 * What a round did.
	 *
	 * @param routed events routed to their channels
	 * @param unrouted events no route takes, published with no delivery
	 * @param sent deliveries sent
	 * @param retried deliveries that failed and wait for their next attempt
	 * @param dead deliveries dead-lettered
	 */
	public record Round(int routed, int unrouted, int sent, int retried, int dead) {

		int attempted() {
			return this.sent + this.retried + this.dead;
		}

		Round plus(Round other) {
			return new Round(this.routed + other.routed, this.unrouted + other.unrouted, this.sent + other.sent,
					this.retried + other.retried, this.dead + other.dead);
		}

	}

}
