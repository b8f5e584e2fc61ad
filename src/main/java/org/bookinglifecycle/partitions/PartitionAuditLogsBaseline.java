package org.bookinglifecycle.partitions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.SetBasedBaseline;
import org.bookinglifecycle.kit.ShortLockDdl;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * The set-based opponent of partition-audit-logs in {@code bench}: the job's own steps
 * around one statement instead of its chunked copy. {@link AuditLogsConversion} builds
 * the partitioned table beside the plain one (its {@code prepare} also installs the
 * mirror trigger, which costs the statement nothing: nothing writes audit rows during a
 * bench, and the swap expects it), then
 * {@code INSERT INTO audit_logs_new SELECT * FROM audit_logs} copies every row in one
 * transaction with {@code lifecycle.legacy_import} set (as the job's copy), and the job's
 * swap, proof per tier and month and drop of the old table follow. Both sides so do
 * create, copy, swap, verify and drop; only the copy differs. What counts as done is the
 * rows of the partitioned table, counted the same way on both sides.
 */
@Component
class PartitionAuditLogsBaseline implements SetBasedBaseline {

	static final String COPY_ALL = "INSERT INTO " + AuditLogsConversion.NEW + " SELECT * FROM audit_logs";

	private final PartitionSettings settings;

	private final Clock clock;

	PartitionAuditLogsBaseline(PartitionSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public String job() {
		return PartitionAuditLogsJobConfiguration.JOB;
	}

	@Override
	public long run(JdbcTemplate jdbc, LocalDate asOf) {
		DataSource dataSource = jdbc.getDataSource();
		ShortLockDdl ddl = new ShortLockDdl(dataSource, this.settings.lockTimeout(), this.settings.ddlRetries(),
				this.settings.maxBackoff());
		AuditLogsConversion conversion = new AuditLogsConversion(jdbc, ddl, this.settings);
		List<String> problems = conversion.problems();
		if (!problems.isEmpty()) {
			throw new IllegalStateException("partition-audit-logs statement: " + String.join("; ", problems));
		}
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		conversion.prepare(today, asOf.isAfter(today) ? today : asOf,
				Integer.parseInt(PartitionAuditLogsJobConfiguration.PREMAKE.defaultValue()));
		long copied = copyAll(dataSource);
		conversion.swap();
		List<String> mismatches = conversion.verify(Duration.ZERO);
		if (!mismatches.isEmpty()) {
			throw new IllegalStateException("partition-audit-logs statement: the copy differs in " + mismatches);
		}
		AuditLogsConversion.dropLegacyIfDue(jdbc, ddl);
		return copied;
	}

	/** The one statement, in its own transaction. */
	private static long copyAll(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL lifecycle.legacy_import = 'on'");
				long copied = statement.executeLargeUpdate(COPY_ALL);
				connection.commit();
				return copied;
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(COPY_ALL + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public long done(JdbcTemplate jdbc) {
		if ("p".equals(MaintainPartitionsJobConfiguration.relkind(jdbc, AuditLogsConversion.TABLE))) {
			return jdbc.queryForObject("SELECT count(*) FROM " + AuditLogsConversion.TABLE, Long.class);
		}
		if ("p".equals(MaintainPartitionsJobConfiguration.relkind(jdbc, AuditLogsConversion.NEW))) {
			return jdbc.queryForObject("SELECT count(*) FROM " + AuditLogsConversion.NEW, Long.class);
		}
		return 0;
	}

	@Override
	public String chunkTimer() {
		return LifecycleMetrics.PARTITION_COPY_CHUNK;
	}

}
