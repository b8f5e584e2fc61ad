package org.bookinglifecycle.testsupport;

import org.bookinglifecycle.db.DatabaseTarget;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test database on the layout users have once they converted: {@code audit_logs}
 * partitioned by tier and month, converted by the suite's own partition-audit-logs job
 * after the test's fixtures are written, so that every fixture row sits in the leaf of
 * its tier and month (or in a tier's default, for a row dated outside the months made).
 */
public final class PartitionedAuditLogs {

	private PartitionedAuditLogs() {
	}

	/**
	 * Convert the database's plain audit_logs with partition-audit-logs (legacy table
	 * dropped at once) and check it is partitioned.
	 * @param database the database, its fixtures written
	 */
	public static void convert(DatabaseTarget database) {
		Cli.Result run = new Cli(database).run("run", "partition-audit-logs", "gridSize=1", "keepLegacy=0s");
		assertThat(run.exit()).as(run.toString()).isZero();
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		assertThat(jdbc.queryForObject("SELECT relkind FROM pg_class WHERE oid = 'audit_logs'::regclass", String.class))
			.as("audit_logs partitioned")
			.isEqualTo("p");
	}

}
