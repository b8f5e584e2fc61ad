package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bookinglifecycle.kit.ShortLockDdl;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The range partitions of one parent, made without blocking the platform: a partition (a
 * month, or a span of months where the parent's width is wider) is created as a plain
 * table (with the parent's columns, defaults, constraints and indexes, and CHECK
 * constraints proving its range and tier, so attaching it skips the scan of its rows),
 * then attached, each in its own short-lock transaction ({@link ShortLockDdl}). Rows of a
 * span that waited in the default partition are moved into the span's table in batches,
 * the last batch and the attach in one transaction that holds the default locked, so no
 * stray of that span can arrive between them.
 */
final class RangePartitions {

	private final JdbcTemplate jdbc;

	private final ShortLockDdl ddl;

	private final PartitionSettings settings;

	private final Map<String, Integer> periods;

	/**
	 * The partitions of a run.
	 * @param jdbc the database
	 * @param ddl how DDL waits for locks ({@code null} for a dry run, which makes none)
	 * @param settings the partition settings (history, widths)
	 * @param periods years per LIST value of a tier
	 * ({@code lifecycle_retention_periods}): a tier's months already past its period are
	 * not made again
	 */
	RangePartitions(JdbcTemplate jdbc, ShortLockDdl ddl, PartitionSettings settings, Map<String, Integer> periods) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.settings = settings;
		this.periods = periods;
	}

	/**
	 * The retention periods in the database, by tier.
	 * @param jdbc the database
	 * @return years per tier (empty before the first job wrote them)
	 */
	static Map<String, Integer> periods(JdbcTemplate jdbc) {
		Map<String, Integer> periods = new TreeMap<>();
		jdbc.query("SELECT tier, years FROM lifecycle_retention_periods",
				(RowCallbackHandler) (rs) -> periods.put(rs.getString("tier"), rs.getInt("years")));
		return periods;
	}

	/**
	 * The partitions this parent lacks: every month from its oldest row's (within the
	 * history horizon; for a tier, not before its first month still within its period) or
	 * this month, through the end of the period (of the parent's width) that holds the
	 * month {@code premake} months ahead of the calendar, and the period of every month a
	 * row in its default partition belongs to (2099 included), less the months an
	 * existing partition touches, grouped by {@link PartitionLayout#missing}.
	 * @param parent the parent
	 * @param today today (UTC)
	 * @param premake months ahead of this one
	 * @return the partitions to make, in order
	 */
	List<Span> missing(RangeParent parent, LocalDate today, int premake) {
		YearMonth current = YearMonth.from(today);
		int width = this.settings.width(parent.parentName());
		// months without a gap from the oldest row within the history horizon; older rows
		// are already in a partition or a default (whose strays get their own below)
		Timestamp oldest = this.jdbc.queryForObject(
				"SELECT min(" + parent.column() + ") FROM " + parent.parent() + " WHERE " + parent.column()
						+ " >= CAST(? AS TIMESTAMPTZ)",
				Timestamp.class, RangeParent.start(current.minusMonths(this.settings.historyMonths())));
		YearMonth from = (oldest != null) ? YearMonth.from(oldest.toInstant().atOffset(ZoneOffset.UTC)) : current;
		Integer years = (parent.tier() != null) ? this.periods.get(parent.tier()) : null;
		if (years != null && from.isBefore(PartitionLayout.firstLive(today, years))) {
			// a month the purge of today drops whole is not made again (one it kept is
			// still there)
			from = PartitionLayout.firstLive(today, years);
		}
		if (from.isAfter(current)) {
			from = current;
		}
		TreeSet<YearMonth> wanted = new TreeSet<>(PartitionLayout.months(from,
				PartitionLayout.period(current.plusMonths(premake), width).last().plusMonths(1)));
		for (YearMonth stray : strayMonths(parent)) {
			wanted.addAll(PartitionLayout.period(stray, width));
		}
		return PartitionLayout.missing(wanted, ranges(this.jdbc, parent.parent(), parent.parent()), width);
	}

	/**
	 * The ranges of a parent's partitions, from the catalog's bounds.
	 * @param jdbc the database
	 * @param root the partitioned table
	 * @param parent the range parent
	 * @return from, to per partition ({@code null} for an unbounded side)
	 */
	static List<Timestamp[]> ranges(JdbcTemplate jdbc, String root, String parent) {
		return jdbc.query(
				"SELECT range_from, range_to FROM lifecycle_partition_leaves(CAST(? AS REGCLASS))"
						+ " WHERE parent = CAST(? AS REGCLASS) AND NOT is_default",
				(rs, i) -> new Timestamp[] { rs.getTimestamp("range_from"), rs.getTimestamp("range_to") }, root,
				parent);
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
	 * Create a partition as a plain table, not yet attached: the parent's columns,
	 * defaults, constraints and indexes, and CHECK constraints on its range and tier
	 * (what makes the attach skip its scan). Idempotent: a table left by an interrupted
	 * run is kept.
	 * @param parent the parent
	 * @param span its range
	 */
	void createDetached(RangeParent parent, Span span) {
		String leaf = parent.leafName(span);
		this.ddl.execute("create " + leaf, (jdbc) -> {
			if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, leaf)) {
				// left by an interrupted run (it has the range CHECK this method adds),
				// or
				// not ours: a table of that name detached by someone else is never
				// attached
				// here
				if (!jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?)"
						+ " AND conname = ?) AND NOT (SELECT relispartition FROM pg_class WHERE oid = to_regclass(?))",
						Boolean.class, leaf, constraintName(parent, span, "range"), leaf)) {
					throw new IllegalStateException("maintain-partitions: a table " + leaf + " exists that this job"
							+ " did not make; rename or drop it, then run again");
				}
				return;
			}
			jdbc.execute("CREATE TABLE " + leaf + " (LIKE " + parent.parent() + " INCLUDING ALL)");
			jdbc.execute("ALTER TABLE " + leaf + " ADD CONSTRAINT " + constraint(parent, span, "range") + " CHECK ("
					+ inSpan(parent, span) + ")");
			if (parent.tier() != null) {
				jdbc.execute("ALTER TABLE " + leaf + " ADD CONSTRAINT " + constraint(parent, span, "tier") + " CHECK (("
						+ parent.tierKey() + ") IS NOT NULL AND (" + parent.tierKey() + ") = " + literal(parent.tier())
						+ ")");
			}
		});
	}

	/**
	 * Rows of the span still waiting in the default partition.
	 * @param parent the parent
	 * @param span the span
	 * @return how many
	 */
	long strays(RangeParent parent, Span span) {
		if (parent.defaultPartition() == null) {
			return 0;
		}
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM " + parent.defaultPartition() + " WHERE " + inSpan(parent, span), Long.class);
	}

	/**
	 * Move one batch of the span's rows out of the default partition into the span's (not
	 * yet attached) table, in one transaction.
	 * @param parent the parent
	 * @param span the span
	 * @param batch rows at most
	 * @return rows moved
	 */
	long moveBatch(RangeParent parent, Span span, int batch) {
		String columns = columns(parent);
		return this.ddl.run("move strays to " + parent.leafName(span),
				(jdbc) -> jdbc.queryForObject("WITH moved AS (DELETE FROM " + parent.defaultPartition()
						+ " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + parent.defaultPartition() + " WHERE "
						+ inSpan(parent, span) + " LIMIT " + batch + ")) RETURNING " + columns
						+ "), put AS (INSERT INTO " + parent.leafName(span) + " (" + columns + ") SELECT " + columns
						+ " FROM moved RETURNING 1) SELECT count(*) FROM put", Long.class));
	}

	/**
	 * Attach the partition: in one transaction, lock the default partition (no stray of
	 * the span can arrive meanwhile), move its last rows of the span, attach, and drop
	 * the CHECK constraints the attach needed.
	 * @param parent the parent
	 * @param span the span
	 * @return rows moved in this last batch
	 */
	long attach(RangeParent parent, Span span) {
		String leaf = parent.leafName(span);
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
						"WITH moved AS (DELETE FROM " + defaultPartition + " WHERE " + inSpan(parent, span)
								+ " RETURNING " + columns + "), put AS (INSERT INTO " + leaf + " (" + columns
								+ ") SELECT " + columns + " FROM moved RETURNING 1) SELECT count(*) FROM put",
						Long.class);
			}
			jdbc.execute("ALTER TABLE " + parent.parent() + " ATTACH PARTITION " + leaf + " FOR VALUES FROM ("
					+ span.from() + ") TO (" + span.to() + ")");
			List<String> checks = new ArrayList<>();
			checks.add("DROP CONSTRAINT IF EXISTS " + constraint(parent, span, "range"));
			if (parent.tier() != null) {
				checks.add("DROP CONSTRAINT IF EXISTS " + constraint(parent, span, "tier"));
			}
			jdbc.execute("ALTER TABLE " + leaf + " " + String.join(", ", checks));
			return moved;
		});
	}

	private static String inSpan(RangeParent parent, Span span) {
		return parent.column() + " >= " + span.from() + " AND " + parent.column() + " < " + span.to();
	}

	private static String constraint(RangeParent parent, Span span, String what) {
		return RangeParent.quote(constraintName(parent, span, what));
	}

	private static String constraintName(RangeParent parent, Span span, String what) {
		// cut here, not by PostgreSQL, so the name looked up is the name made (it is
		// unique
		// on its own table whatever is cut)
		String stem = parent.parentName() + "_" + span.suffix();
		return stem.substring(0, Math.min(stem.length(), 62 - what.length())) + "_" + what;
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
