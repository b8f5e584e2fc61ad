package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bookinglifecycle.kit.ShortLockDdl;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Monthly partitions of one range parent, made without blocking the platform: a month is
 * created as a plain table (with the parent's columns, defaults, constraints and indexes,
 * and CHECK constraints proving its range and tier, so attaching it skips the scan of its
 * rows), then attached, each in its own short-lock transaction ({@link ShortLockDdl}).
 * Rows of a month that waited in the default partition are moved into the month's table
 * in batches, the last batch and the attach in one transaction that holds the default
 * locked, so no stray of that month can arrive between them.
 */
final class MonthlyPartitions {

	private final JdbcTemplate jdbc;

	private final ShortLockDdl ddl;

	private final int historyMonths;

	MonthlyPartitions(JdbcTemplate jdbc, ShortLockDdl ddl, int historyMonths) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.historyMonths = historyMonths;
	}

	/**
	 * The months this parent lacks: from its oldest row's month (or this month) through
	 * {@code premake} months ahead of the calendar, and every month a row in its default
	 * partition belongs to (2099 included), less the months an existing partition covers.
	 * @param parent the parent
	 * @param today today (UTC)
	 * @param premake months ahead of this one
	 * @return the months, in order
	 */
	List<YearMonth> missingMonths(RangeParent parent, LocalDate today, int premake) {
		YearMonth current = YearMonth.from(today);
		TreeSet<YearMonth> wanted = new TreeSet<>();
		// months without a gap from the oldest row within the history horizon; older rows
		// are already in a month or a default (whose strays get their own months below)
		Timestamp oldest = this.jdbc.queryForObject(
				"SELECT min(" + parent.column() + ") FROM " + parent.parent() + " WHERE " + parent.column()
						+ " >= CAST(? AS TIMESTAMPTZ)",
				Timestamp.class, RangeParent.start(current.minusMonths(this.historyMonths)));
		YearMonth from = (oldest != null) ? YearMonth.from(oldest.toInstant().atOffset(ZoneOffset.UTC)) : current;
		if (from.isAfter(current)) {
			from = current;
		}
		for (YearMonth month = from; !month.isAfter(current.plusMonths(premake)); month = month.plusMonths(1)) {
			wanted.add(month);
		}
		wanted.addAll(strayMonths(parent));
		List<Map<String, Object>> ranges = this.jdbc
			.queryForList(
					"SELECT range_from, range_to FROM lifecycle_partition_leaves(CAST(? AS REGCLASS))"
							+ " WHERE parent = CAST(? AS REGCLASS) AND NOT is_default",
					parent.parent(), parent.parent());
		return wanted.stream().filter((month) -> !covered(month, ranges)).collect(Collectors.toList());
	}

	/**
	 * The months the rows in the default partition belong to.
	 * @param parent the parent
	 * @return the months
	 */
	List<YearMonth> strayMonths(RangeParent parent) {
		if (parent.defaultPartition() == null) {
			return List.of();
		}
		return this.jdbc
			// a row at +-infinity or outside years 1-9999 fits no month: it stays in the
			// default (and is counted there by status)
			.queryForList("SELECT DISTINCT to_char(" + parent.column() + " AT TIME ZONE 'UTC', 'YYYY-MM') FROM "
					+ parent.defaultPartition() + " WHERE " + RangeParent.finite(parent.column()), String.class)
			.stream()
			.map(YearMonth::parse)
			.toList();
	}

	private static boolean covered(YearMonth month, List<Map<String, Object>> ranges) {
		long start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
		long end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
		for (Map<String, Object> range : ranges) {
			Timestamp rangeFrom = (Timestamp) range.get("range_from");
			Timestamp rangeTo = (Timestamp) range.get("range_to");
			long from = (rangeFrom != null) ? rangeFrom.getTime() : Long.MIN_VALUE;
			long to = (rangeTo != null) ? rangeTo.getTime() : Long.MAX_VALUE;
			if (from < end && start < to) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Give the parent a default partition if it has none, so no insert ever fails for
	 * want of a month.
	 * @param parent the parent
	 * @return whether one was created
	 */
	boolean ensureDefault(RangeParent parent) {
		if (parent.defaultPartition() != null) {
			return false;
		}
		this.ddl.execute("create " + parent.defaultName(), (jdbc) -> jdbc
			.execute("CREATE TABLE " + parent.defaultName() + " PARTITION OF " + parent.parent() + " DEFAULT"));
		return true;
	}

	/**
	 * Create a month as a plain table, not yet attached: the parent's columns, defaults,
	 * constraints and indexes, and CHECK constraints on its range and tier (what makes
	 * the attach skip its scan). Idempotent: a table left by an interrupted run is kept.
	 * @param parent the parent
	 * @param month the month
	 */
	void createDetached(RangeParent parent, YearMonth month) {
		String leaf = parent.leafName(month);
		this.ddl.execute("create " + leaf, (jdbc) -> {
			if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, leaf)) {
				// left by an interrupted run (it has the range CHECK this method adds),
				// or not
				// ours: a table of that name detached by someone else is never attached
				// here
				if (!jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?)"
						+ " AND conname = ?) AND NOT (SELECT relispartition FROM pg_class WHERE oid = to_regclass(?))",
						Boolean.class, leaf, constraintName(parent, month, "range"), leaf)) {
					throw new IllegalStateException("maintain-partitions: a table " + leaf + " exists that this job"
							+ " did not make; rename or drop it, then run again");
				}
				return;
			}
			jdbc.execute("CREATE TABLE " + leaf + " (LIKE " + parent.parent() + " INCLUDING ALL)");
			jdbc.execute("ALTER TABLE " + leaf + " ADD CONSTRAINT " + constraint(parent, month, "range") + " CHECK ("
					+ parent.column() + " >= " + RangeParent.bound(month) + " AND " + parent.column() + " < "
					+ RangeParent.bound(month.plusMonths(1)) + ")");
			if (parent.tier() != null) {
				jdbc.execute("ALTER TABLE " + leaf + " ADD CONSTRAINT " + constraint(parent, month, "tier")
						+ " CHECK ((" + parent.tierKey() + ") IS NOT NULL AND (" + parent.tierKey() + ") = "
						+ literal(parent.tier()) + ")");
			}
		});
	}

	/**
	 * Rows of the month still waiting in the default partition.
	 * @param parent the parent
	 * @param month the month
	 * @return how many
	 */
	long strays(RangeParent parent, YearMonth month) {
		if (parent.defaultPartition() == null) {
			return 0;
		}
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM " + parent.defaultPartition() + " WHERE " + inMonth(parent, month), Long.class);
	}

	/**
	 * Move one batch of the month's rows out of the default partition into the month's
	 * (not yet attached) table, in one transaction.
	 * @param parent the parent
	 * @param month the month
	 * @param batch rows at most
	 * @return rows moved
	 */
	long moveBatch(RangeParent parent, YearMonth month, int batch) {
		String columns = columns(parent);
		return this.ddl.run("move strays to " + parent.leafName(month), (jdbc) -> jdbc.queryForObject(
				"WITH moved AS (DELETE FROM " + parent.defaultPartition() + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
						+ parent.defaultPartition() + " WHERE " + inMonth(parent, month) + " LIMIT " + batch
						+ ")) RETURNING " + columns + "), put AS (INSERT INTO " + parent.leafName(month) + " ("
						+ columns + ") SELECT " + columns + " FROM moved RETURNING 1) SELECT count(*) FROM put",
				Long.class));
	}

	/**
	 * Attach the month: in one transaction, lock the default partition (no stray of the
	 * month can arrive meanwhile), move its last rows of the month, attach, and drop the
	 * CHECK constraints the attach needed.
	 * @param parent the parent
	 * @param month the month
	 * @return rows moved in this last batch
	 */
	long attach(RangeParent parent, YearMonth month) {
		String leaf = parent.leafName(month);
		String columns = columns(parent);
		return this.ddl.run("attach " + leaf, (jdbc) -> {
			long moved = 0;
			// the default as it is now (this run may have created it since it planned)
			String defaultPartition = jdbc.queryForObject("SELECT (SELECT CAST(d.inhrelid AS REGCLASS)::TEXT FROM"
					+ " pg_inherits d JOIN pg_class dc ON dc.oid = d.inhrelid WHERE d.inhparent = CAST(? AS REGCLASS)"
					+ " AND pg_get_expr(dc.relpartbound, dc.oid) = 'DEFAULT')", String.class, parent.parent());
			if (defaultPartition != null) {
				jdbc.execute("LOCK TABLE " + defaultPartition + " IN ACCESS EXCLUSIVE MODE");
				moved = jdbc.queryForObject(
						"WITH moved AS (DELETE FROM " + defaultPartition + " WHERE " + inMonth(parent, month)
								+ " RETURNING " + columns + "), put AS (INSERT INTO " + leaf + " (" + columns
								+ ") SELECT " + columns + " FROM moved RETURNING 1) SELECT count(*) FROM put",
						Long.class);
			}
			jdbc.execute("ALTER TABLE " + parent.parent() + " ATTACH PARTITION " + leaf + " FOR VALUES FROM ("
					+ RangeParent.bound(month) + ") TO (" + RangeParent.bound(month.plusMonths(1)) + ")");
			List<String> checks = new ArrayList<>();
			checks.add("DROP CONSTRAINT IF EXISTS " + constraint(parent, month, "range"));
			if (parent.tier() != null) {
				checks.add("DROP CONSTRAINT IF EXISTS " + constraint(parent, month, "tier"));
			}
			jdbc.execute("ALTER TABLE " + leaf + " " + String.join(", ", checks));
			return moved;
		});
	}

	private static String inMonth(RangeParent parent, YearMonth month) {
		return parent.column() + " >= " + RangeParent.bound(month) + " AND " + parent.column() + " < "
				+ RangeParent.bound(month.plusMonths(1));
	}

	private static String constraint(RangeParent parent, YearMonth month, String what) {
		return RangeParent.quote(constraintName(parent, month, what));
	}

	private static String constraintName(RangeParent parent, YearMonth month, String what) {
		return parent.parentName() + "_" + month.toString().replace("-", "") + "_" + what;
	}

	private String columns(RangeParent parent) {
		return String.join(", ",
				this.jdbc.queryForList(
						"SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = CAST(? AS"
								+ " REGCLASS) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
						String.class, parent.parent()));
	}

	private static String literal(String text) {
		return "'" + text.replace("'", "''") + "'";
	}

}
