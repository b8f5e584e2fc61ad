package org.bookinglifecycle.anonymize;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * erase-guest's residual check, written apart from the masking: after it, every table
 * that can hold a copy of the guest's values is searched for them by the fingerprints
 * taken before it ({@code sql/jobs/erase-guest/residual-*.sql}): bookings,
 * booking_history, the audit rows with their held copies and, while a conversion keeps
 * it, the legacy table, the outbox, the skipped rows and the integrity findings. What it
 * finds is named by table, column, key path and kind, never by value.
 *
 * @param searched the tables searched
 * @param findings what was found, empty when the guest's data is gone
 */
record ResidualCheck(List<String> searched, List<Finding> findings) {

	/** The audit tables, searched one statement each; a fixed whitelist. */
	private static final List<String> AUDIT_TABLES = List.of("audit_logs", "audit_logs_held");

	private static final String LEGACY = "audit_logs_legacy";

	/**
	 * Run the check.
	 * @param jdbc the database
	 * @param jobInstanceId the erasure's job instance (its fingerprints and bookings)
	 * @param asOf the run's date (legal holds in force)
	 * @param pads the erasure key's HMAC pads
	 * @param legacy whether audit_logs_legacy exists
	 * @return the check's result
	 */
	static ResidualCheck run(JdbcTemplate jdbc, long jobInstanceId, LocalDate asOf, byte[][] pads, boolean legacy) {
		List<String> searched = new ArrayList<>(List.of("bookings", "booking_history"));
		List<Finding> findings = new ArrayList<>(query(jdbc,
				SqlFiles.load(EraseGuestJobConfiguration.JOB, "residual-tables"), jobInstanceId, asOf, pads));
		List<String> auditTables = new ArrayList<>(AUDIT_TABLES);
		if (legacy) {
			auditTables.add(LEGACY);
		}
		for (String table : auditTables) {
			searched.add(table);
			findings.addAll(
					query(jdbc, String.format(SqlFiles.load(EraseGuestJobConfiguration.JOB, "residual-audit"), table),
							jobInstanceId, asOf, pads));
		}
		searched.addAll(List.of("lifecycle_outbox", "lifecycle_skipped_rows", "integrity_findings"));
		return new ResidualCheck(List.copyOf(searched), List.copyOf(findings));
	}

	private static List<Finding> query(JdbcTemplate jdbc, String sql, long jobInstanceId, LocalDate asOf,
			byte[][] pads) {
		return jdbc.query(sql,
				(rs, i) -> new Finding(rs.getString("table_name"), rs.getString("column_name"),
						rs.getString("json_path"), rs.getString("kind"), rs.getLong("rows")),
				jobInstanceId, asOf, pads[0], pads[1]);
	}

	/**
	 * Whether nothing of the guest was found.
	 * @return {@code true} when clean
	 */
	boolean clean() {
		return this.findings.isEmpty();
	}

	/**
	 * The findings in one line: {@code audit_logs new_values contact.full_name name=1}.
	 * @return the line
	 */
	String describe() {
		return this.findings.stream().map(Finding::toString).collect(Collectors.joining("; "));
	}

	/**
	 * Rows of one table, column and key path that still hold something of the guest.
	 *
	 * @param table the table
	 * @param column the column
	 * @param path the key path inside a JSON column, empty for a plain column
	 * @param kind what was found: value, email, phone, name, free text, pseudonym
	 * @param rows how many rows
	 */
	record Finding(String table, String column, String path, String kind, long rows) {

		@Override
		public String toString() {
			return this.table + " " + this.column + (this.path.isEmpty() ? "" : " " + this.path) + " " + this.kind + "="
					+ this.rows;
		}

	}

}
