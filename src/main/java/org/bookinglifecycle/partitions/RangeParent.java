package org.bookinglifecycle.partitions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A table partitioned by range in whole months: the root itself, or one tier of a root
 * partitioned by list first ({@code audit_logs_critical}). Everything in it comes from
 * the catalog ({@code sql/jobs/maintain-partitions/range-parents.sql}); names are used in
 * DDL as the catalog quotes them, never as typed.
 *
 * @param parent the parent's name for DDL
 * @param parentName the bare name, the stem of its partitions' names
 * ({@code <stem>_YYYYMM}, {@code <stem>_YYYYMM_YYYYMM})
 * @param column the range column, quoted
 * @param columnType its type
 * @param tier the parent's list value, or {@code null}
 * @param tierKey the root's list key expression, or {@code null}
 * @param defaultPartition its default partition's name for DDL, or {@code null}
 */
record RangeParent(String parent, String parentName, String column, String columnType, String tier, String tierKey,
		String defaultPartition) {

	static List<RangeParent> of(JdbcTemplate jdbc, String root) {
		return jdbc.query(SqlFiles.load(MaintainPartitionsJobConfiguration.JOB, "range-parents"),
				(rs, i) -> new RangeParent(rs.getString("parent"), rs.getString("parent_name"),
						rs.getString("range_column"), rs.getString("range_type"), rs.getString("tier"),
						rs.getString("tier_key"), rs.getString("default_partition")),
				root);
	}

	/**
	 * What keeps this parent from being maintained, or {@code null}.
	 * @param width its months per partition
	 * @return the problem
	 */
	String problem(int width) {
		if (this.column == null || !"timestamp with time zone".equals(this.columnType)) {
			return this.parentName + " is partitioned by range on "
					+ ((this.column != null) ? this.column + " (" + this.columnType + ")" : "an expression")
					+ "; maintain-partitions keeps months of one timestamptz column";
		}
		// partitions' names stay within PostgreSQL's 63 characters: _YYYYMM, or
		// _YYYYMM_YYYYMM where a partition may span months
		int longest = (width == 1) ? 56 : 49;
		if (this.parentName.length() > longest) {
			return this.parentName + " is longer than " + longest + " characters; its partitions' names would be cut";
		}
		return null;
	}

	/**
	 * The name of this parent's partition of a span.
	 * @param span the span
	 * @return {@code <parent>_YYYYMM} for a month, {@code <parent>_YYYYMM_YYYYMM} (first
	 * and last month) for a longer span, quoted for DDL
	 */
	String leafName(Span span) {
		return quote(this.parentName + "_" + span.suffix());
	}

	/**
	 * The name of a default partition for this parent.
	 * @return {@code <parent>_default}, quoted for DDL
	 */
	String defaultName() {
		return quote(this.parentName + "_default");
	}

	/**
	 * A month's first instant, UTC, as a SQL literal.
	 * @param month the month
	 * @return the literal
	 */
	static String bound(YearMonth month) {
		Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return "'" + start + "'";
	}

	/**
	 * A month's first instant, UTC, as a parameter.
	 * @param month the month
	 * @return the instant
	 */
	static OffsetDateTime start(YearMonth month) {
		return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
	}

	/**
	 * The condition that a timestamp fits a month partition: finite, years 1 to 9999.
	 * @param column the column, quoted
	 * @return the SQL condition
	 */
	static String finite(String column) {
		return "isfinite(" + column + ") AND " + column + " >= TIMESTAMPTZ '0001-01-01 00:00:00+00' AND " + column
				+ " < TIMESTAMPTZ '10000-01-01 00:00:00+00'";
	}

	static String quote(String name) {
		return name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
	}

}
