package org.bookinglifecycle.notify;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ExtraCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code outbox}: the events of {@code lifecycle_outbox} not cleanly delivered, by event
 * type: unrouted (the relay has not seen them: no channel enabled, or no daemon),
 * pending, failed (waiting for their next attempt) and dead-lettered, with their ids and
 * channels; {@code outbox retry ID} requeues one event's failed and dead deliveries,
 * {@code outbox retry --dead} every dead-lettered one (due at once, attempts counted
 * afresh).
 */
@Command(name = "outbox", mixinStandardHelpOptions = true, description = {
		"The outbox: events not cleanly delivered, by type and state (unrouted, pending, failed,"
				+ " dead), with ids and channels.",
		"retry ID requeues one event's failed and dead-lettered deliveries;"
				+ " retry --dead requeues every dead-lettered delivery. The daemon sends them at its next poll." })
public class OutboxCommand implements ExtraCommand {

	@Parameters(index = "0", arity = "0..1", description = "retry (nothing: list)")
	String action;

	@Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "retry: the event's id")
	String id;

	@Option(names = "--dead", description = "retry: every dead-lettered delivery")
	boolean dead;

	@Override
	public int run(Context context) {
		JdbcTemplate jdbc = context.bean(JdbcTemplate.class);
		if (this.action == null) {
			if (this.dead || this.id != null) {
				return usage(context, "--dead and an ID go with retry: outbox retry ID, or outbox retry --dead");
			}
			return list(context, jdbc);
		}
		if (!this.action.equals("retry")) {
			return usage(context, "outbox takes nothing (list) or retry, not '" + this.action + "'");
		}
		if ((this.id == null) == !this.dead || (this.id != null && !this.id.matches("\\d{1,18}"))) {
			return usage(context,
					"outbox retry takes an event's ID (a whole number, see `outbox`) or --dead, not both");
		}
		Long event = (this.id != null) ? Long.valueOf(this.id) : null;
		Map<String, Object> done = jdbc.queryForMap(SqlFiles.load("notify", "requeue"),
				Timestamp.from(context.bean(Clock.class).instant()), event, event);
		long deliveries = ((Number) done.get("deliveries")).longValue();
		if (deliveries == 0) {
			context.out()
				.line("%s",
						(event != null)
								? "event " + event + " has no failed or dead-lettered delivery: nothing requeued"
								: "no dead-lettered delivery: nothing requeued");
			return 4;
		}
		context.out()
			.line("requeued %d deliveries of %d events; the daemon sends them at its next poll", deliveries,
					((Number) done.get("events")).longValue());
		return 0;
	}

	private static int list(Context context, JdbcTemplate jdbc) {
		List<List<String>> rows = new ArrayList<>();
		for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("notify", "summary-by-type"))) {
			long events = ((Number) row.get("events")).longValue();
			rows.add(List.of(String.valueOf(row.get("event_type")), String.valueOf(row.get("state")),
					String.valueOf(events), ids((Array) row.get("first_ids"), events),
					(row.get("channels") != null) ? String.valueOf(row.get("channels")) : "-"));
		}
		if (rows.isEmpty()) {
			context.out().line("outbox: every event delivered (nothing unrouted, pending, failed or dead)");
			return 0;
		}
		context.out().table(List.of("event type", "state", "events", "ids", "channels"), rows);
		return 0;
	}

	private static String ids(Array array, long count) {
		try {
			Object[] ids = (Object[]) array.getArray();
			List<String> text = new ArrayList<>();
			for (Object id : ids) {
				text.add(String.valueOf(id));
			}
			return String.join(",", text) + ((count > ids.length) ? ",... (" + (count - ids.length) + " more)" : "");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int usage(Context context, String message) {
		context.out().line("%s", message);
		return 2;
	}

}
