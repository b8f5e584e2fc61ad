package org.bookinglifecycle.retention;

import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.kit.ExtraCommand;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hold}: legal holds the purge respects. {@code hold add BOOKING 42 --reason
 * "case 2026-17" [--until 2030-01-01]} keeps the booking's audit trail and its
 * booking_history row from every purge while the hold is active; {@code hold list} shows
 * the active ones ({@code --all}: released too); {@code hold release 7} ends one (its
 * rows go at the next purge once expired). Who added or released a hold is the OS user.
 * The reason is a case reference, never personal data.
 */
@Command(name = "hold", mixinStandardHelpOptions = true,
		description = "Legal holds: add RESOURCE_TYPE RESOURCE_ID --reason R [--until DATE], list [--all], release ID.")
public class HoldCommand implements ExtraCommand {

	@Parameters(index = "0", description = "add, list or release")
	String action;

	@Parameters(index = "1..*", arity = "0..2", description = "add: RESOURCE_TYPE RESOURCE_ID; release: ID")
	List<String> arguments = List.of();

	@Option(names = "--reason", description = "a case reference (never personal data), 1 to 200 characters")
	String reason;

	@Option(names = "--until", description = "the last day the hold keeps the rows (default: until released)")
	String until;

	@Option(names = "--all", description = "list released holds too")
	boolean all;

	@Override
	public int run(Context context) {
		JdbcTemplate jdbc = context.bean(JdbcTemplate.class);
		String user = System.getProperty("user.name", "unknown");
		switch (this.action) {
			case "add" -> {
				if (this.arguments.size() != 2 || !this.arguments.get(0).matches("[A-Z_]{1,50}")
						|| !this.arguments.get(1).matches("\\d{1,18}")) {
					return usage(context, "hold add takes RESOURCE_TYPE (upper case, e.g. BOOKING) and RESOURCE_ID"
							+ " (a whole number)");
				}
				if (this.reason == null || this.reason.isBlank() || this.reason.length() > 200) {
					return usage(context, "hold add needs --reason: a case reference of 1 to 200 characters");
				}
				Date last = null;
				if (this.until != null) {
					try {
						last = Date.valueOf(LocalDate.parse(this.until));
					}
					catch (DateTimeParseException ex) {
						return usage(context,
								"--until '" + this.until + "' is not allowed: expected a date as YYYY-MM-DD");
					}
				}
				Long id = jdbc.queryForObject(
						"INSERT INTO legal_holds (resource_type, resource_id, reason, held_by,"
								+ " held_until) VALUES (?, ?, ?, ?, ?) RETURNING id",
						Long.class, this.arguments.get(0), Long.parseLong(this.arguments.get(1)), this.reason, user,
						last);
				context.out()
					.line("hold %d added on %s %s%s", id, this.arguments.get(0), this.arguments.get(1),
							(last != null) ? " until " + last : " until released");
				return 0;
			}
			case "release" -> {
				if (this.arguments.size() != 1 || !this.arguments.get(0).matches("\\d{1,18}")) {
					return usage(context, "hold release takes the hold's ID (see `hold list`)");
				}
				int released = jdbc.update("UPDATE legal_holds SET released_at = now(), released_by = ?"
						+ " WHERE id = ? AND released_at IS NULL", user, Long.parseLong(this.arguments.get(0)));
				if (released == 0) {
					context.out()
						.line("no active hold %s: nothing released (see `hold list --all`)", this.arguments.get(0));
					return 4;
				}
				context.out()
					.line("hold %s released; its rows go at the next purge once expired", this.arguments.get(0));
				return 0;
			}
			case "list" -> {
				List<Map<String, Object>> holds = jdbc.queryForList("SELECT id, resource_type, resource_id, reason,"
						+ " held_by, held_at, held_until, released_by, released_at FROM legal_holds"
						+ " WHERE ? OR released_at IS NULL ORDER BY id", this.all);
				List<List<String>> rows = new ArrayList<>();
				for (Map<String, Object> hold : holds) {
					rows.add(List
						.of(String.valueOf(hold.get("id")), hold.get("resource_type") + " " + hold.get("resource_id"),
								String.valueOf(hold.get("held_by")), String.valueOf(hold.get("held_at")),
								(hold.get("held_until") != null) ? hold.get("held_until").toString() : "until released",
								(hold.get("released_at") != null)
										? hold.get("released_by") + " " + hold.get("released_at") : "active",
								String.valueOf(hold.get("reason"))));
				}
				context.out()
					.table(List.of("hold", "resource", "held by", "held at", "keeps rows", "released", "reason"), rows);
				return 0;
			}
			default -> {
				return usage(context, "hold takes add, list or release, not '" + this.action + "'");
			}
		}
	}

	private static int usage(Context context, String message) {
		context.out().line("%s", message);
		return 2;
	}

}
