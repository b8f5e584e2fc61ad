package org.bookinglifecycle.anonymize;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * anonymize-guests on the embedded PostgreSQL: the seed's platform plus explicit rows on
 * both sides of the limit; expected values come from SQL written apart from the job's.
 */
class AnonymizeGuestsIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	/** asOf minus P2Y: a check-out on this date is not due yet, the day before is. */
	private static final LocalDate LIMIT = LocalDate.parse("2024-11-26");

	@Test
	void theDefaultsMaskEveryCopyOfADueStayAndNothingElse() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(1500, 5, 23, AS_OF), (done) -> {
		});
		Cli cli = new Cli(database);
		assertThat(cli.run("run", "backfill-audit-log-ids", "asOf=" + AS_OF).exit()).isEqualTo(ExitCodes.COMPLETED);
		// one stay exactly at the limit, one a day past it, both with nested and array
		// payloads
		// and a login of the guest's user account
		GuestFixtures.stayWithTrail(jdbc, 9_000_001L, LIMIT, "Limit Guest", "limit.guest@example.org", "+1 555 0101");
		GuestFixtures.stayWithTrail(jdbc, 9_000_002L, LIMIT.minusDays(1), "Due Guest", "due.guest@example.org",
				"+1 555 0202");
		long dueGuestLogin = login(jdbc, 77_000_002L, "198.51.100.77", LIMIT.minusDays(30));
		long recentLogin = login(jdbc, 77_000_002L, "198.51.100.78", AS_OF.minusDays(3));
		long dueRows = jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE check_out_date < ?", Long.class,
				LIMIT);
		jdbc.execute("CREATE TABLE due_pii AS SELECT DISTINCT v FROM booking_history h, LATERAL (VALUES"
				+ " (h.guest_name), (h.guest_email), (h.guest_phone)) x (v) WHERE h.check_out_date < DATE '" + LIMIT
				+ "' AND v IS NOT NULL EXCEPT SELECT v FROM booking_history h, LATERAL (VALUES (h.guest_name),"
				+ " (h.guest_email), (h.guest_phone)) x (v) WHERE h.check_out_date >= DATE '" + LIMIT
				+ "' EXCEPT SELECT v FROM bookings b, LATERAL (VALUES (b.guest_name), (b.guest_email),"
				+ " (b.guest_phone)) x (v)");
		String limitBefore = row(jdbc, 9_000_001L);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM due_pii", Long.class)).as("values to look for")
			.isGreaterThan(100);

		Cli.Result run = cli.run("run", "anonymize-guests", "asOf=" + AS_OF);
		Cli.Result verify = cli.run("run", "verify-integrity", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(dueRows).isGreaterThan(100);
		// the stay a day past the limit: the seed's values of the three columns, requests
		// gone
		assertThat(row(jdbc, 9_000_002L))
			.isEqualTo("Anonymous Guest|guest9000002@anonymized.local|xxx-xxx-xxxx|null|t|anonymized");
		// the stay at the limit: untouched
		assertThat(row(jdbc, 9_000_001L)).isEqualTo(limitBefore);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE check_out_date < ? AND"
				+ " (NOT is_anonymized OR anonymization IS NULL OR anonymized_at IS NULL OR guest_name <> 'Anonymous Guest')",
				Long.class, LIMIT))
			.isZero();
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM booking_history WHERE check_out_date >= ? AND" + " anonymization IS NOT NULL",
				Long.class, LIMIT))
			.isZero();
		// no value of a due stay left anywhere: history columns, every string in every
		// audit
		// payload at any depth, ip addresses, the held copies
		assertThat(jdbc.queryForList("""
				SELECT 'history ' || h.id FROM booking_history h, due_pii d
				WHERE d.v IN (h.guest_name, h.guest_email, h.guest_phone)
				UNION ALL
				SELECT 'audit ' || a.id FROM audit_logs a,
				     LATERAL (SELECT jsonb_path_query(j, 'strict $.** ? (@.type() == "string")') #>> '{}' AS s
				              FROM (VALUES (a.old_values), (a.new_values), (a.metadata)) x (j) WHERE j IS NOT NULL) s
				WHERE s.s IN (SELECT v FROM due_pii)""", String.class)).isEmpty();
		assertThat(jdbc.queryForObject("""
				SELECT jsonb_build_array(a.new_values, a.old_values) FROM audit_logs a
				WHERE a.resource_type = 'BOOKING' AND a.resource_id = 9000002 AND a.action = 'BOOKING_UPDATED'""",
				String.class))
			.isEqualTo("[{\"notes\": [{\"guest\": {\"name\": \"Anonymous Guest\", \"email\":"
					+ " \"guest9000002@anonymized.local\"}}, \"kept\"], \"special_requests\": null},"
					+ " {\"empty\": {}, \"guest_phone\": \"xxx-xxx-xxxx\"}]");
		// the guest's logins before the limit keep a /24 only; later ones are untouched
		assertThat(jdbc.queryForObject("SELECT ip_address || ' ' || (new_values ->> 'ip') FROM audit_logs WHERE id = ?",
				String.class, dueGuestLogin))
			.isEqualTo("198.51.100.0 198.51.100.0");
		assertThat(jdbc.queryForObject("SELECT ip_address FROM audit_logs WHERE id = ?", String.class, recentLogin))
			.isEqualTo("198.51.100.78");
		// one GDPR_ANONYMIZE row per masked stay, critical, with both hashes, in its
		// trail
		assertThat(jdbc.queryForObject(
				"""
						SELECT count(*) FROM booking_history h JOIN audit_logs a ON a.resource_type = 'BOOKING'
						  AND a.resource_id = h.original_booking_id AND a.action = 'GDPR_ANONYMIZE'
						WHERE a.retention_tier = 'critical' AND a.new_values ->> 'new_hash' = h.data_hash
						  AND a.new_values ->> 'old_hash' IS NOT NULL AND h.audit_log_ids[cardinality(h.audit_log_ids)] = a.id""",
				Long.class))
			.isEqualTo(dueRows);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ANONYMIZE'", Long.class))
			.isEqualTo(dueRows);
		// the data hash is the one definition's over the row as stored: verify-integrity
		// is
		// clean
		assertThat(verify.exit()).as(verify.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(run.out() + run.err()).doesNotContain("example.org").doesNotContain("Due Guest");

		// a later night changes nothing more, but masks the logins of guests masked
		// earlier
		// that have crossed the limit since (here: one the first night did not cover)
		long lateLogin = login(jdbc, 77_000_002L, "198.51.100.79", LIMIT.minusDays(1));
		Cli.Result again = cli.run("run", "anonymize-guests", "asOf=" + AS_OF.plusDays(1));
		assertThat(jdbc.queryForObject("SELECT ip_address FROM audit_logs WHERE id = ?", String.class, lateLogin))
			.isEqualTo("198.51.100.0");
		assertThat(jdbc.queryForObject("SELECT ip_address FROM audit_logs WHERE id = ?", String.class, recentLogin))
			.isEqualTo("198.51.100.78");
		assertThat(again.out()).contains("logins of masked guests before the limit, masked now: 1");
		assertThat(again.exit()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ANONYMIZE'", Long.class))
			.isEqualTo(dueRows + 1); // the stay at the limit is due the next day
		assertThat(row(jdbc, 9_000_001L)).startsWith("Anonymous Guest|guest9000001@anonymized.local");
	}

	@Test
	void aDryRunReportsWhatTheRunDoesAHoldKeepsAStayAndStaysNeverArchivedAreCounted() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		GuestFixtures.stayWithTrail(jdbc, 9_100_001L, LIMIT.minusDays(1), "Due One", "due.one@example.org",
				"+1 555 0301");
		GuestFixtures.stayWithTrail(jdbc, 9_100_002L, LIMIT.minusDays(5), "Due Two", "due.two@example.org",
				"+1 555 0302");
		GuestFixtures.stayWithTrail(jdbc, 9_100_003L, LIMIT.minusDays(9), "Held Three", "held.three@example.org",
				"+1 555 0303");
		GuestFixtures.stayWithTrail(jdbc, 9_100_004L, LIMIT, "Young Four", "young.four@example.org", "+1 555 0304");
		// a stay past the limit that was never archived (left in bookings)
		jdbc.update("INSERT INTO bookings (id, booking_reference, guest_name, hotel_id, room_type, check_in_date,"
				+ " check_out_date, booking_status, payment_status, total_amount, currency) VALUES (9100005,"
				+ " 'OLD-9100005', 'Never Archived', 1, 'standard', ?, ?, 'confirmed', 'pending', 80.00, 'EUR')",
				LIMIT.minusDays(60), LIMIT.minusDays(58));
		assertThat(cli.run("hold", "add", "BOOKING", "9100003", "--reason", "case 42").exit())
			.isEqualTo(ExitCodes.COMPLETED);

		Cli.Result dry = cli.run("run", "anonymize-guests", "asOf=" + AS_OF, "--dry-run");
		long gdprAfterDry = jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ANONYMIZE'",
				Long.class);
		Cli.Result real = cli.run("run", "anonymize-guests", "asOf=" + AS_OF);

		assertThat(dry.exit()).as(dry.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(gdprAfterDry).as("a dry run writes nothing").isZero();
		// the dry run: 2 due and 1 held, 6 audit rows of the 3 bookings past the limit (2
		// each), 1 stay never archived
		assertThat(dry.out()).contains("history rows due=2")
			.contains("history rows kept by a legal hold=1")
			.contains("audit rows of those bookings=6")
			.contains("bookings never archived past the limit (untouched)=1");
		assertThat(real.exit()).as(real.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(real.out()).contains("history rows anonymized=2")
			.contains("audit rows masked=4")
			.contains("held back: legal hold=1");
		assertThat(row(jdbc, 9_100_003L)).startsWith("Held Three|held.three@example.org");
		assertThat(row(jdbc, 9_100_004L)).startsWith("Young Four|young.four@example.org");
		assertThat(jdbc.queryForObject("SELECT guest_name FROM bookings WHERE id = 9100005", String.class))
			.isEqualTo("Never Archived");
		assertThat(real.out()).contains("left after the run: history rows due=0")
			.contains("history rows kept by a legal hold=1")
			.contains("bookings never archived past the limit (untouched)=1");
	}

	@Test
	void aRunKilledMidwayIsRecoveredAndContinuedWithoutMaskingAStayTwice() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		new PlatformSeeder(database.dataSource()).seed(new PlatformSeeder.Options(800, 5, 29, AS_OF), (done) -> {
		});
		Cli cli = new Cli(database);
		long due = jdbc.queryForObject("SELECT count(*) FROM booking_history WHERE check_out_date < ?", Long.class,
				LIMIT);

		Process child = ChildProcess.start("run", "anonymize-guests", "asOf=" + AS_OF, "chunkSize=10", "throttle=200ms",
				"--db-url", database.url());
		try {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForObject("SELECT coalesce(max(commit_count), 0) FROM batch_step_execution"
						+ " WHERE step_name = 'anonymizeGuestsStep'", Long.class), (commits) -> commits >= 3);
		}
		finally {
			child.destroyForcibly().waitFor(); // SIGKILL mid-run: no shutdown, no status
												// update
		}
		long maskedBeforeRestart = jdbc
			.queryForObject("SELECT count(*) FROM booking_history WHERE anonymization IS NOT NULL", Long.class);
		Cli.Result recovered = cli.run("recover");
		Cli.Result rerun = cli.run("run", "anonymize-guests", "asOf=" + AS_OF);

		assertThat(recovered.out()).contains("recovered");
		assertThat(rerun.exit()).as(rerun.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(maskedBeforeRestart).isPositive().isLessThan(due);
		// every due stay masked exactly once: one GDPR_ANONYMIZE row each, none twice
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM booking_history WHERE check_out_date < ?" + " AND anonymization = 'anonymized'",
				Long.class, LIMIT))
			.isEqualTo(due);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'GDPR_ANONYMIZE'", Long.class))
			.isEqualTo(due);
		assertThat(jdbc.queryForObject(
				"SELECT count(DISTINCT resource_id) FROM audit_logs" + " WHERE action = 'GDPR_ANONYMIZE'", Long.class))
			.isEqualTo(due);
		// the rerun continued after the last committed chunk: it read only the rows after
		// it, and its reader counted on from the killed run's saved count (a rerun from
		// the start would read the same rows, masked ones being filtered out, but count
		// them from zero)
		assertThat(jdbc.queryForObject("SELECT read_count FROM batch_step_execution WHERE step_name ="
				+ " 'anonymizeGuestsStep' ORDER BY step_execution_id DESC LIMIT 1", Long.class))
			.isEqualTo(due - maskedBeforeRestart);
		assertThat(jdbc.queryForObject(
				"SELECT CAST(c.short_context::jsonb #>> '{historyIds.read.count,1}' AS BIGINT)"
						+ " FROM batch_step_execution s JOIN batch_step_execution_context c USING (step_execution_id)"
						+ " WHERE s.step_name = 'anonymizeGuestsStep' ORDER BY s.step_execution_id DESC LIMIT 1",
				Long.class))
			.isEqualTo(due);
	}

	@Test
	void aPseudonymIsHmacSha256OfTheValueStableAcrossPathsAndChangesWithTheSecret() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		String rule = "{\"strategy\": \"pseudonym\"}";

		String first = pseudonym(jdbc, rule, "Guest@Example.org", "a secret of sixteen bytes");
		String again = pseudonym(jdbc, rule, "guest@example.org ", "a secret of sixteen bytes");
		String otherSecret = pseudonym(jdbc, rule, "guest@example.org", "another secret, sixteen+");

		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("a secret of sixteen bytes".getBytes(), "HmacSHA256"));
		String expected = "pseud-"
				+ java.util.HexFormat.of().formatHex(mac.doFinal("guest@example.org".getBytes())).substring(0, 20);
		assertThat(first).isEqualTo(expected).isEqualTo(again);
		// masking a pseudonym again keeps it (a login re-masked on a later night)
		assertThat(pseudonym(jdbc, rule, first, "a secret of sixteen bytes")).isEqualTo(first);
		assertThat(otherSecret).startsWith("pseud-").isNotEqualTo(first);
	}

	@Test
	void eachStrategyMasksOneValueAsDocumented() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);

		assertThat(mask(jdbc, "{\"strategy\": \"partial-email\"}", "\"ann.lee@mail.example\""))
			.isEqualTo("\"xxx@mail.example\"");
		assertThat(mask(jdbc, "{\"strategy\": \"partial-phone\"}", "\"+1 555 0199\"")).isEqualTo("\"+x xxx xx99\"");
		assertThat(mask(jdbc, "{\"strategy\": \"ip-truncate\"}", "\"203.0.113.57\"")).isEqualTo("\"203.0.113.0\"");
		assertThat(mask(jdbc, "{\"strategy\": \"ip-truncate\"}", "\"2001:db8:abcd:12::1\""))
			.isEqualTo("\"2001:db8:abcd::\"");
		assertThat(mask(jdbc, "{\"strategy\": \"ip-truncate\"}", "\"not an address\"")).isEqualTo("null");
		assertThat(mask(jdbc, "{\"strategy\": \"template\", \"value\": \"guest{id}@anonymized.local\"}", "\"x\""))
			.isEqualTo("\"guest42@anonymized.local\"");
		assertThat(mask(jdbc, "{\"strategy\": \"null\"}", "\"allergic to nuts\"")).isEqualTo("null");
		assertThat(jdbc.queryForObject(
				"SELECT lifecycle_mask_json(CAST(? AS JSONB), CAST(? AS JSONB), 42, '', '')::text", String.class,
				"{\"a\": [[{\"payer_email\": \"p@q.example\"}]], \"payer_email\": {\"deep\": 1},"
						+ " \"x\": {\"email\": \"kept@example\"}}",
				"{\"payer_email\": {\"strategy\": \"template\", \"value\": \"guest{id}@anonymized.local\"},"
						+ " \"guest.email\": {\"strategy\": \"null\"}}"))
			.as("at any depth, inside arrays; a parent.key rule only under that parent; an object under a template"
					+ " key is walked, not replaced")
			.isEqualTo("{\"a\": [[{\"payer_email\": \"guest42@anonymized.local\"}]], \"x\": {\"email\":"
					+ " \"kept@example\"}, \"payer_email\": {\"deep\": 1}}");
	}

	@Test
	void badRulesAndAMissingSecretAreRefusedBeforeAnyWork() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);

		Cli.Result unknownColumn = cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("    guest_phone: { strategy: constant", "    guest_fax: { strategy: constant"),
				"run", "anonymize-guests", "asOf=" + AS_OF);
		Cli.Result unknownStrategy = cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("card_last4: { strategy: \"null\" }", "card_last4: { strategy: hide }"), "run",
				"anonymize-guests", "asOf=" + AS_OF);
		Cli.Result needsSecret = cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("payer_name: { strategy: constant, value: \"Anonymous Guest\" }",
						"payer_name: { strategy: pseudonym }"),
				"run", "anonymize-guests", "asOf=" + AS_OF);

		assertThat(unknownColumn.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownColumn.err()).contains("anonymize-guests.yml, line")
			.contains("anonymize.columns.guest_fax is not a column holding guest data")
			.contains("allowed: guest_email, guest_name, guest_phone, special_requests");
		assertThat(unknownStrategy.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknownStrategy.err()).contains("anonymize.json.card_last4.strategy 'hide' is not a strategy");
		assertThat(needsSecret.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(needsSecret.err()).contains("LIFECYCLE_PSEUDONYM_KEY").contains("not set");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isZero();
	}

	@Test
	void thePurgeRefusesALimitNotShorterThanTheHistorysPeriodAndEveryCheckRefusesNone() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		Cli cli = new Cli(database);

		Cli.Result five = cli.runWithJobFile("anonymize-guests.yml", (yml) -> yml.replace("after: P2Y", "after: P5Y"),
				"run", "purge-retention", "asOf=" + AS_OF, "--dry-run");
		Cli.Result almost = cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("after: P2Y", "after: P4Y11M"), "run", "purge-retention", "asOf=" + AS_OF,
				"--dry-run");

		Cli.Result missingPurge = cli.runWithJobFile("anonymize-guests.yml", (yml) -> yml.replace("  after: P2Y\n", ""),
				"run", "purge-retention", "asOf=" + AS_OF, "--dry-run");
		Cli.Result missingAlerts = cli.runWithJobFile("anonymize-guests.yml",
				(yml) -> yml.replace("  after: P2Y\n", ""), "alerts");
		Cli.Result alerts = cli.run("alerts");

		// without the limit, each check that applies it refuses, naming the file and the
		// key: none falls back to a default
		for (Cli.Result missing : List.of(missingPurge, missingAlerts)) {
			assertThat(missing.exit()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(missing.err()).contains("anonymize.after is not set in jobs/anonymize-guests.yml");
		}
		assertThat(alerts.exit()).as(alerts.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(five.exit()).isEqualTo(ExitCodes.USAGE);
		assertThat(five.err()).contains("anonymize.after is P5Y, not shorter than retention.booking-history (5 years)");
		// (a fresh database has other reasons to refuse a purge; this one is not among
		// them)
		assertThat(almost.err()).as(almost.toString()).doesNotContain("anonymize.after");
	}

	// --- fixtures

	private static long login(JdbcTemplate jdbc, long user, String ip, LocalDate day) {
		return jdbc.queryForObject("""
				INSERT INTO audit_logs (user_id, action, resource_type, resource_id, new_values, ip_address, created_at)
				VALUES (?, 'USER_LOGIN', 'USER', ?, jsonb_build_object('ip', ?), ?, ?) RETURNING id""", Long.class,
				user, user, ip, ip, day.atStartOfDay());
	}

	private static String row(JdbcTemplate jdbc, long bookingId) {
		return jdbc.queryForObject("SELECT concat_ws('|', guest_name, guest_email, guest_phone,"
				+ " coalesce(special_requests, 'null'), is_anonymized, coalesce(anonymization, '-'))"
				+ " FROM booking_history WHERE original_booking_id = ?", String.class, bookingId);
	}

	private static String mask(JdbcTemplate jdbc, String rule, String value) {
		return jdbc.queryForObject("SELECT lifecycle_mask_value(CAST(? AS JSONB), CAST(? AS JSONB), 42, '', '')::text",
				String.class, value, rule);
	}

	private static String pseudonym(JdbcTemplate jdbc, String rule, String value, String secret) {
		byte[][] pads = Pseudonyms.pads(secret);
		return jdbc.queryForObject(
				"SELECT lifecycle_mask_value(to_jsonb(CAST(? AS TEXT)), CAST(? AS JSONB), 42, ?, ?) #>> '{}'",
				String.class, value, rule, pads[0], pads[1]);
	}

}
