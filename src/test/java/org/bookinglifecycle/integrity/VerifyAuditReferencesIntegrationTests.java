package org.bookinglifecycle.integrity;

import java.util.List;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyAuditReferencesIntegrationTests {

	@Test
	void tellsADanglingIdFromAPurgedOneAndFailsOnlyOnRealFailures() {
		DatabaseTarget database = IntegrityFixtures.seeded(getClass(), false);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.update(
				"""
						UPDATE booking_history h SET audit_log_ids = COALESCE((SELECT array_agg(a.id ORDER BY a.created_at, a.id)
						  FROM audit_logs a WHERE a.resource_type = 'BOOKING' AND a.resource_id = h.original_booking_id), '{}')""");
		List<Long> rows = jdbc.queryForList(
				"SELECT id FROM booking_history WHERE cardinality(audit_log_ids) >= 2 ORDER BY id LIMIT 3", Long.class);
		long purgedRow = rows.get(0);
		long emptyRow = rows.get(1);
		long danglingRow = rows.get(2);
		long purgedId = jdbc.queryForObject("SELECT audit_log_ids[1] FROM booking_history WHERE id = ?", Long.class,
				purgedRow);
		jdbc.update("DELETE FROM audit_logs WHERE id = ?", purgedId);
		jdbc.update("INSERT INTO lifecycle_purged_audit_ranges (tier, min_id, max_id) VALUES ('standard', ?, ?)",
				purgedId, purgedId);
		jdbc.update("UPDATE booking_history SET audit_log_ids = '{}' WHERE id = ?", emptyRow);
		Cli cli = new Cli(database);

		Cli.Result clean = cli.run("run", "verify-integrity", "asOf=2026-03-01");

		assertThat(clean.exit()).as("purged ids and empty trails are reported, not failures")
			.isEqualTo(ExitCodes.COMPLETED);
		assertThat(clean.out()).contains("audit_id_dangling=0, audit_id_purged=1, audit_trail_empty=1");

		long danglingId = jdbc.queryForObject("SELECT max(id) + 1000 FROM audit_logs", Long.class);
		jdbc.update("UPDATE booking_history SET audit_log_ids = audit_log_ids || ? WHERE id = ?", danglingId,
				danglingRow);

		Cli.Result failing = cli.run("run", "verify-integrity", "asOf=2026-03-02", "mode=full");

		assertThat(failing.exit()).as(failing.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(failing.out()).contains("COMPLETED (exit FAILED_WITH_FINDINGS)")
			.contains("audit_id_dangling=1, audit_id_purged=1, audit_trail_empty=1");
		assertThat(jdbc.queryForList("SELECT booking_history_id || ':' || finding || ':' || audit_log_id "
				+ "FROM integrity_findings WHERE as_of = DATE '2026-03-02' AND finding LIKE 'audit%' ORDER BY 1",
				String.class))
			.containsExactlyInAnyOrder(purgedRow + ":audit_id_purged:" + purgedId, emptyRow + ":audit_trail_empty:0",
					danglingRow + ":audit_id_dangling:" + danglingId);
	}

}
