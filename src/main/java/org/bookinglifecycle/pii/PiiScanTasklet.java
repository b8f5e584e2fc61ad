package org.bookinglifecycle.pii;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan, in one transaction: the scope as a temporary table, then one read-only
 * statement per table (booking_history, then each table of audit rows that exists), the
 * counts recorded in {@code pii_scans} and {@code pii_findings} (not in a dry run) and
 * counted in the step's counters ({@code findings}, the sum of the row counts). Counts
 * and names only: no value is read into Java.
 */
final class PiiScanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(PiiScanTasklet.class);

	/**
	 * The tables of audit rows scanned, when they exist: the whitelist the scan's table
	 * name comes from.
	 */
	static final List<String> AUDIT_TABLES = List.of("audit_logs", "audit_logs_held", "audit_logs_legacy");

	/** The counter of the findings' rows; not zero fails the run. */
	static final String FINDINGS = "findings";

	private final JdbcTemplate jdbc;

	private final MaskedForms forms;

	private final StepRun run;

	PiiScanTasklet(JdbcTemplate jdbc, MaskedForms forms, StepRun run) {
		this.jdbc = jdbc;
		this.forms = forms;
		this.run = run;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		LocalDate asOf = this.run.parameters().asOf();
		LocalDate limit = ScanPiiJobConfiguration.limit(this.forms, asOf);
		String[] values = this.forms.forms().toArray(String[]::new);
		String[] columns = this.forms.maskedColumns().toArray(String[]::new);
		this.jdbc.execute(SqlFiles.load(ScanPiiJobConfiguration.JOB, "classify-function"));
		this.jdbc.update(SqlFiles.load(ScanPiiJobConfiguration.JOB, "scope"), Date.valueOf(limit), Date.valueOf(asOf),
				values, columns);
		// a temporary table is never analyzed by autovacuum: the plans of the scans need
		// its size
		this.jdbc.execute("ANALYZE pii_scope");
		long bookings = this.jdbc.queryForObject("SELECT count(*) FROM pii_scope WHERE resource_type = 'BOOKING'",
				Long.class);
		long held = this.jdbc.queryForObject(SqlFiles.load(ScanPiiJobConfiguration.JOB, "held-back"), Long.class,
				Date.valueOf(limit), Date.valueOf(asOf));
		List<PiiFinding> findings = new ArrayList<>(this.jdbc.query(
				SqlFiles.load(ScanPiiJobConfiguration.JOB, "scan-history"), (rs, i) -> finding(rs), values, columns));
		String scanAudit = SqlFiles.load(ScanPiiJobConfiguration.JOB, "scan-audit");
		for (String table : AUDIT_TABLES) {
			if (this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table)) {
				findings
					.addAll(this.jdbc.query(String.format(scanAudit, table), (rs, i) -> finding(rs), (Object) values));
			}
		}
		long total = findings.stream().mapToLong(PiiFinding::rows).sum();
		this.run.counters().add(FINDINGS, total);
		boolean dryRun = this.run.parameters().dryRun();
		if (!dryRun) {
			record(asOf, limit, bookings, held, total, findings);
		}
		String line = "scanned " + bookings + " bookings past the limit (check-out before " + limit
				+ ") and their guests' logins; " + held + " held back by a legal hold (not scanned); PII left: "
				+ (findings.isEmpty() ? "none"
						: findings.stream().map(PiiFinding::line).collect(Collectors.joining("; ")))
				+ (dryRun ? " (dry run: nothing recorded)" : "");
		StepExecution step = contribution.getStepExecution();
		step.setExitStatus(step.getExitStatus().addExitDescription(line));
		logger.info("{}: {}", ScanPiiJobConfiguration.JOB, line);
		return RepeatStatus.FINISHED;
	}

	private void record(LocalDate asOf, LocalDate limit, long bookings, long held, long total,
			List<PiiFinding> findings) {
		this.jdbc.update(SqlFiles.load(ScanPiiJobConfiguration.JOB, "record-scan"), this.run.jobExecutionId(),
				this.run.jobInstanceId(), Date.valueOf(asOf), Date.valueOf(limit), bookings, held, total);
		if (findings.isEmpty()) {
			return;
		}
		this.jdbc.update(SqlFiles.load(ScanPiiJobConfiguration.JOB, "record-findings"), this.run.jobExecutionId(),
				findings.stream().map(PiiFinding::table).toArray(String[]::new),
				findings.stream().map(PiiFinding::column).toArray(String[]::new),
				findings.stream().map(PiiFinding::jsonPath).toArray(String[]::new),
				findings.stream().map(PiiFinding::kind).toArray(String[]::new),
				findings.stream().map(PiiFinding::rows).toArray(Long[]::new));
	}

	private static PiiFinding finding(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new PiiFinding(rs.getString("table_name"), rs.getString("column_name"), rs.getString("json_path"),
				rs.getString("kind"), rs.getLong("rows"));
	}

}
