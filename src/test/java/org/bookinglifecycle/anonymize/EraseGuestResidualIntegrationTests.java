package org.bookinglifecycle.anonymize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.GuestFixtures;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * erase-guest's residual check: values of the guest the rules do not mask, left where no
 * rule looks, are found by the fingerprints taken before the masking (a name under an
 * unknown key, a phone in another format, words of her free text, a pseudonym in her
 * rows, her email in another booking's payload or in the outbox), named by table, column
 * and key path without a value, and no receipt is signed until they are gone. Also: the
 * receipt lists her exports; the legacy table of a conversion is masked; months a purge
 * detached and has not dropped stop an erasure before any work.
 */
class EraseGuestResidualIntegrationTests {

	private static final LocalDate AS_OF = LocalDate.parse("2026-11-26");

	@Test
	void whatTheRulesLeaveOfTheGuestFailsTheErasureNamingWhereAndTheReceiptWaitsUntilItIsGone() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		jdbc.update("UPDATE booking_history SET special_requests = 'a quiet room, allergic to peanuts'"
				+ " WHERE original_booking_id = 8100001");
		residue(jdbc, 8_100_001L, "new_values", "{\"contact\": {\"full_name\": \"Erin Example\"}}");
		residue(jdbc, 8_100_001L, "metadata", "{\"note\": \"Allergic to PEANUTS, see desk\"}");
		residue(jdbc, 8_100_002L, "metadata", "{\"ref\": \"pseud-0123456789abcdef0123\"}");
		residue(jdbc, 8_100_003L, "old_values", "{\"contact_phone\": \"+1-555-0404\"}");
		// her email in another guest's booking and in the outbox; a namesake elsewhere
		// is not her
		residue(jdbc, 8_200_001L, "metadata", "{\"cc\": [\"x@example.net\", \"ERIN@example.org\"]}");
		jdbc.update("INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload)"
				+ " VALUES ('test.event', 1, '{\"notify\": \"erin@example.org\"}')");
		jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, new_values)"
				+ " VALUES ('REVIEW_ADDED', 'HOTEL', 5, '{\"by\": \"Erin Example\"}')");
		Cli cli = new Cli(database);

		Cli.Result run = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.out() + run.err()).contains("the residual check found the guest's data left")
			.contains("audit_logs new_values contact.full_name name=1")
			.contains("audit_logs new_values contact.full_name value=1")
			.contains("audit_logs metadata note free text=1")
			.contains("audit_logs metadata ref pseudonym=1")
			.contains("audit_logs old_values contact_phone phone=1")
			.contains("audit_logs metadata cc[] email=1")
			.contains("lifecycle_outbox payload notify email=1")
			.doesNotContain("new_values by ")
			.doesNotContainIgnoringCase("erin@")
			.doesNotContain("Erin Example")
			.doesNotContainIgnoringCase("peanuts");
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_erasure_receipts")).isZero();
		// the fingerprints are keyed hashes, never a value
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_erasure_fingerprints")).isGreaterThan(5);
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_erasure_fingerprints"
				+ " WHERE encode(fingerprint, 'escape') ~* 'erin|example|peanut|555'"))
			.isZero();

		// when the operator has removed what the check named, the restart signs the
		// receipt and drops the fingerprints
		jdbc.update("UPDATE audit_logs SET new_values = new_values - 'contact', metadata = metadata - 'note' - 'ref'"
				+ " - 'cc', old_values = old_values - 'contact_phone' WHERE action = 'TEST_RESIDUE'");
		jdbc.update("DELETE FROM lifecycle_outbox WHERE event_type = 'test.event'");
		long failed = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
		Cli.Result restart = cli.run("restart", String.valueOf(failed));

		assertThat(restart.exit()).as(restart.toString()).isEqualTo(ExitCodes.COMPLETED);
		Map<String, Object> receipt = jdbc.queryForMap("SELECT receipt ->> 'residual' AS residual,"
				+ " receipt -> 'residual_check_searched' AS searched FROM lifecycle_erasure_receipts");
		assertThat(receipt.get("residual")).isEqualTo("0");
		assertThat(receipt.get("searched").toString()).contains("bookings", "booking_history", "audit_logs",
				"audit_logs_held", "lifecycle_outbox", "lifecycle_skipped_rows", "integrity_findings");
		assertThat(count(jdbc, "SELECT count(*) FROM lifecycle_erasure_fingerprints")).isZero();
	}

	@Test
	void theReceiptListsTheGuestsExportsSoTheirFilesCanBeDeleted() throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		Cli cli = new Cli(database);
		Path directory = Files.createTempDirectory("exports");
		Path byEmail = directory.resolve("request-1.json");
		Path byReference = directory.resolve("request-2.json");
		Path other = directory.resolve("request-3.json");
		assertThat(cli.run("run", "export-guest", "guestEmail=erin@example.org", "file=" + byEmail).exit())
			.isEqualTo(ExitCodes.COMPLETED);
		assertThat(cli.run("run", "export-guest", "bookingReference=ERIN-3", "file=" + byReference).exit())
			.isEqualTo(ExitCodes.COMPLETED);
		assertThat(cli.run("run", "export-guest", "guestEmail=other@example.org", "file=" + other).exit())
			.isEqualTo(ExitCodes.COMPLETED);

		Cli.Result run = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		List<String> exports = jdbc.queryForList("SELECT x ->> 'file' || '|' || (x ->> 'host' IS NOT NULL)"
				+ " || '|' || (x ->> 'execution') FROM lifecycle_erasure_receipts, jsonb_array_elements(receipt ->"
				+ " 'exports') x ORDER BY 1", String.class);
		List<String> expected = jdbc.queryForList("SELECT p.parameter_value || '|true|' || e.job_execution_id"
				+ " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
				+ " JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id"
				+ " AND p.parameter_name = 'file' WHERE i.job_name = 'export-guest' AND p.parameter_value <> ?"
				+ " ORDER BY 1", String.class, other.toString());
		assertThat(exports).hasSize(2).isEqualTo(expected);
		assertThat(exports.get(0)).startsWith(byEmail.toString());
		assertThat(exports.get(1)).startsWith(byReference.toString());
	}

	@Test
	void theLegacyTableIsMaskedAndMonthsDetachedButNotDroppedStopTheErasureBeforeAnyWork() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		GuestFixtures.erin(jdbc, AS_OF);
		jdbc.execute("CREATE TABLE audit_logs_legacy (LIKE audit_logs)");
		jdbc.update("INSERT INTO audit_logs_legacy SELECT * FROM audit_logs");
		jdbc.update("INSERT INTO lifecycle_purge_detached (leaf, parent, tier, range_from, range_to, job_instance_id)"
				+ " VALUES ('audit_logs_standard_201901', 'audit_logs_standard', 'standard', '2019-01-01',"
				+ " '2019-02-01', 1)");
		Cli cli = new Cli(database);

		Cli.Result refused = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);
		jdbc.update("DELETE FROM lifecycle_purge_detached");
		Cli.Result run = cli.run("run", "erase-guest", "guestEmail=erin@example.org", "asOf=" + AS_OF);

		assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(refused.err()).contains("purge-retention detached 1 month(s) (audit_logs_standard_201901)")
			.contains("before erasing a guest");
		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs_legacy a WHERE lower(a::text) LIKE '%erin%'")).isZero();
		assertThat(count(jdbc, "SELECT count(*) FROM audit_logs_legacy a WHERE a::text LIKE '%Other Guest%'"))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT receipt -> 'residual_check_searched' FROM lifecycle_erasure_receipts",
				String.class))
			.contains("audit_logs_legacy");
	}

	/** A row of the guest's booking holding something the rules do not mask. */
	private static void residue(JdbcTemplate jdbc, long bookingId, String column, String json) {
		jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, resource_id, " + column
						+ ", created_at) VALUES ('TEST_RESIDUE', 'BOOKING', ?, CAST(? AS JSONB), now())",
				bookingId, json);
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

}
