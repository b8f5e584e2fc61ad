package org.bookinglifecycle.partitions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock-table check on a real server, whose {@code max_locks_per_transaction} cannot
 * be set per session: the test reads it and controls the leaf count instead. What a read
 * of every leaf locks is counted in {@code pg_locks} inside the read's transaction, never
 * taken from the check.
 */
@ExtendWith(OutputCaptureExtension.class)
class LockTableWarningIntegrationTests {

	private static final Pattern NEED = Pattern.compile("too low for (\\w+): .* locks (\\d+) relations");

	@Test
	void everyJobWarnsOnceATablesReadLocksMoreRelationsThanTheSettingAndNotBefore(CapturedOutput output)
			throws Exception {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		int setting = jdbc.queryForObject("SELECT current_setting('max_locks_per_transaction')::int", Integer.class);
		// a table partitioned by range with no index: the root and its leaves, setting -
		// 1
		// leaves lock exactly setting relations
		jdbc.execute(
				"CREATE TABLE lock_probe (n INT, created_at TIMESTAMPTZ NOT NULL) PARTITION BY RANGE (created_at)");
		for (int i = 0; i < setting - 1; i++) {
			addMonth(jdbc, i);
		}
		assertThat(lockedByARead(database, "lock_probe")).isEqualTo(setting);

		int start = output.getAll().length();
		Cli.Result atLimit = dryRun(database);

		assertThat(atLimit.exit()).as(atLimit.toString()).isEqualTo(ExitCodes.COMPLETED);
		String atLimitLog = output.getAll().substring(start);
		assertThat(atLimitLog).contains("maintain-partitions").doesNotContain("too low for lock_probe");

		addMonth(jdbc, setting - 1);
		assertThat(lockedByARead(database, "lock_probe")).isEqualTo(setting + 1);
		start = output.getAll().length();

		Cli.Result overLimit = dryRun(database);

		assertThat(overLimit.exit()).as(overLimit.toString()).isEqualTo(ExitCodes.COMPLETED);
		String overLimitLog = output.getAll().substring(start);
		assertThat(overLimitLog).contains("WARN  LockTableWarning - maintain-partitions: ")
			.contains("max_locks_per_transaction is " + setting + ", too low for lock_probe")
			.contains("all of its " + setting + " leaves")
			.contains("Set max_locks_per_transaction to at least " + (setting + 1) + " ");
		// the plain audit_logs (a table and its indexes) is far below the limit
		assertThat(overLimitLog).doesNotContain("too low for audit_logs");
	}

	@Test
	void onAConvertedAuditLogsTheNumberNamedIsWhatThePlatformsLookupLocks(CapturedOutput output) throws Exception {
		DatabaseTarget database = MaintainPartitionsIntegrationTests.converted(getClass());
		int start = output.getAll().length();

		Cli.Result run = new Cli(database).run("run", "maintain-partitions");

		assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.COMPLETED);
		String log = output.getAll().substring(start);
		Matcher need = NEED.matcher(log);
		assertThat(need.find()).as(log).isTrue();
		assertThat(need.group(1)).isEqualTo("audit_logs");
		assertThat(Long.parseLong(need.group(2))).isEqualTo(lockedByARead(database, "audit_logs"));
	}

	private static Cli.Result dryRun(DatabaseTarget database) {
		return new Cli(database).runWithJobFile("maintain-partitions.yml",
				(text) -> text.replace("    - audit_logs\n", "    - audit_logs\n    - lock_probe\n"), "run",
				"maintain-partitions", "table=lock_probe", "--dry-run");
	}

	private static void addMonth(JdbcTemplate jdbc, int month) {
		jdbc.execute("CREATE TABLE lock_probe_" + month + " PARTITION OF lock_probe FOR VALUES FROM ('2000-01-01'::date"
				+ " + make_interval(months => " + month + ")) TO ('2000-01-01'::date + make_interval(months => "
				+ (month + 1) + "))");
	}

	/**
	 * The relations of a table's partition tree and their indexes locked by the
	 * platform's lookup of one booking's trail (or, on the probe, a read no bound
	 * prunes), counted in pg_locks while its transaction is open.
	 */
	private static long lockedByARead(DatabaseTarget database, String table) throws Exception {
		String read = "audit_logs".equals(table)
				? "SELECT * FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = 42 ORDER BY created_at, id"
				: "SELECT * FROM lock_probe WHERE n = 42";
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			statement.executeQuery(read).close();
			try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid ="
					+ " l.relation WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND (c.oid IN (SELECT"
					+ " relid FROM pg_partition_tree('" + table + "')) OR c.oid IN (SELECT i.indexrelid FROM pg_index i"
					+ " WHERE i.indrelid IN (SELECT relid FROM pg_partition_tree('" + table + "'))))")) {
				rs.next();
				long locked = rs.getLong(1);
				connection.rollback();
				return locked;
			}
		}
	}

}
