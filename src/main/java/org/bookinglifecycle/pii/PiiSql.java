package org.bookinglifecycle.pii;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan's SQL ({@code sql/jobs/scan-pii/}) and what every step reads the same way: the
 * session's functions ({@code pg_temp.pii_kind}, {@code pg_temp.pii_written_since}),
 * created on a connection that has none (a chunk may run on any connection of the pool; a
 * rolled back chunk takes them with it), the tables of audit rows that exist, and the
 * user accounts a legal hold keeps.
 */
final class PiiSql {

	/**
	 * The tables of audit rows scanned, when they exist: the whitelist the statements'
	 * table names come from.
	 */
	static final List<String> AUDIT_TABLES = List.of("audit_logs", "audit_logs_held", "audit_logs_legacy");

	private PiiSql() {
	}

	/**
	 * One statement of the job.
	 * @param name the file name without {@code .sql}
	 * @return the statement
	 */
	static String load(String name) {
		return SqlFiles.load(ScanPiiJobConfiguration.JOB, name);
	}

	/**
	 * Create the scan's session functions on this transaction's connection unless it has
	 * them.
	 * @param jdbc the database, in the caller's transaction
	 */
	static void ensureFunctions(JdbcTemplate jdbc) {
		Boolean present = jdbc.queryForObject(
				"SELECT to_regprocedure('pg_temp.pii_kind(text,bigint,text[],text[],boolean)') IS NOT NULL"
						+ " AND to_regprocedure('pg_temp.pii_written_since(xid,bigint,bigint)') IS NOT NULL",
				Boolean.class);
		if (!Boolean.TRUE.equals(present)) {
			jdbc.execute(load("classify-function"));
			jdbc.execute(load("written-since-function"));
		}
	}

	/**
	 * The tables of audit rows that exist now, in the whitelist's order.
	 * @param jdbc the database
	 * @return their names
	 */
	static List<String> auditTables(JdbcTemplate jdbc) {
		List<String> tables = new ArrayList<>();
		for (String table : AUDIT_TABLES) {
			if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table))) {
				tables.add(table);
			}
		}
		return tables;
	}

	/**
	 * A statement whose {@code %1$s} is one part per table of audit rows, joined by
	 * {@code UNION ALL}.
	 * @param statement the statement's file
	 * @param part the part's file, {@code %1$s} its table
	 * @param tables the tables, from {@link #auditTables}
	 * @return the statement
	 */
	static String perAuditTable(String statement, String part, List<String> tables) {
		List<String> parts = new ArrayList<>();
		for (String table : tables) {
			parts.add(String.format(load(part), table));
		}
		return String.format(load(statement), String.join("\n  UNION ALL\n", parts));
	}

	/**
	 * The user accounts whose logins a legal hold keeps on a date.
	 * @param jdbc the database
	 * @param asOf the date
	 * @return their ids
	 */
	static Long[] heldUsers(JdbcTemplate jdbc, java.time.LocalDate asOf) {
		return jdbc.queryForList(load("held-users"), Long.class, java.sql.Date.valueOf(asOf)).toArray(Long[]::new);
	}

}
