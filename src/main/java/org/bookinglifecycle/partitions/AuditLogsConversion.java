package org.bookinglifecycle.partitions;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.kit.LockTableCheck;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The online conversion of the plain {@code audit_logs} into
 * {@code LIST (audit_retention_tier(action))} → per tier {@code RANGE (created_at)}, one
 * partition a month or a span of the tier's width, and one for the months already past
 * the tier's period ({@link #layout}): build {@code audit_logs_new} beside it, mirror
 * every write into it with a trigger, copy the existing rows in chunks, swap the names in
 * one short transaction, prove per tier and month that nothing was lost, then drop the
 * old table. Each phase reads where the conversion stands from
 * {@code lifecycle_partition_conversions} and the catalog, so a crash at any point is
 * followed by a rerun that continues: the old table stays in service until the swap
 * commits, the new one after.
 */
final class AuditLogsConversion {

	private static final Logger logger = LoggerFactory.getLogger(AuditLogsConversion.class);

	static final String TABLE = "audit_logs";

	static final String NEW = "audit_logs_new";

	static final String LEGACY = "audit_logs_legacy";

	static final String MIRROR = "audit_logs_conversion_mirror";

	static final String TIER_KEY = "audit_retention_tier(action)";

	static final String SET_RETENTION = "audit_logs_set_retention";

	private static final int REDO_BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final ShortLockDdl ddl;

	private final PartitionSettings settings;

	AuditLogsConversion(JdbcTemplate jdbc, ShortLockDdl ddl, PartitionSettings settings) {
		this.jdbc = jdbc;
		this.ddl = ddl;
		this.settings = settings;
	}

	/**
	 * Why a new conversion cannot start, checked before any work.
	 * @return the problems
	 */
	List<String> problems() {
		String kind = MaintainPartitionsJobConfiguration.relkind(this.jdbc, TABLE);
		if (kind == null) {
			return List.of("table audit_logs does not exist");
		}
		if ("p".equals(kind) && !inProgress()) {
			return List.of("audit_logs is already partitioned ("
					+ this.jdbc.queryForObject("SELECT pg_get_partkeydef(CAST('audit_logs' AS REGCLASS))", String.class)
					+ "); a conversion runs once, and maintain-partitions keeps its months");
		}
		return AuditRowsGuard.runningAuditRowJobs(this.jdbc);
	}

	/** Whether a conversion has started and not yet been verified. */
	boolean inProgress() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM lifecycle_partition_conversions WHERE table_name = ? AND state IN"
						+ " ('copying', 'swapped'))",
				Boolean.class, TABLE));
	}

	private String state() {
		List<String> states = this.jdbc.queryForList(
				"SELECT state FROM lifecycle_partition_conversions WHERE table_name = ?", String.class, TABLE);
		return states.isEmpty() ? null : states.get(0);
	}

	/**
	 * The partitions each tier gets. A tier's months already past its period on
	 * {@code day} (all of whose rows the purge of that day may drop) go into one
	 * partition, from the oldest row's month to its first month still within the period:
	 * the next purge drops it whole, or deletes its expired rows in chunks where a row is
	 * kept longer, and no lookup meanwhile plans hundreds of months about to go. From
	 * there, partitions of the tier's width ({@code partitions.widths}) from the oldest
	 * row's month within {@code partitions.history-months} through the end of the period
	 * holding the month {@code premake} months ahead of the calendar, and the period of
	 * each later (or older, when the tier's period is longer than the history) month some
	 * row is dated in. Rows at +-infinity or outside years 1-9999 fit no month and stay
	 * in the tier's default.
	 * @param today today (UTC)
	 * @param day the day whose purge the layout is made for (the run's asOf, never after
	 * today)
	 * @param premake months ahead
	 * @return per tier, its partitions in order
	 */
	Map<String, List<Span>> layout(LocalDate today, LocalDate day, int premake) {
		YearMonth current = YearMonth.from(today);
		YearMonth last = current.plusMonths(premake);
		YearMonth horizon = current.minusMonths(this.settings.historyMonths());
		Map<String, Object> oldest = this.jdbc.queryForMap("SELECT min(created_at) FILTER (WHERE created_at >="
				+ " CAST(? AS TIMESTAMPTZ)) AS within, min(created_at) FILTER (WHERE "
				+ RangeParent.finite("created_at") + ") AS finite FROM audit_logs", RangeParent.start(horizon));
		YearMonth from = month(oldest.get("within"), current);
		if (from.isAfter(current)) {
			from = current;
		}
		YearMonth oldestFinite = month(oldest.get("finite"), null);
		// rows older than the history horizon or beyond premake get their own periods
		// only (a stray 2099 row does not make every month in between)
		List<YearMonth> strays = this.jdbc
			.queryForList(
					"SELECT DISTINCT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM audit_logs"
							+ " WHERE (created_at < CAST(? AS TIMESTAMPTZ) OR created_at >= CAST(? AS TIMESTAMPTZ))"
							+ " AND " + RangeParent.finite("created_at"),
					String.class, RangeParent.start(horizon), RangeParent.start(last.plusMonths(1)))
			.stream()
			.map(YearMonth::parse)
			.toList();
		Map<String, Integer> periods = RangePartitions.periods(this.jdbc);
		Map<String, List<Span>> layout = new LinkedHashMap<>();
		for (String tier : RetentionPeriods.TIERS) {
			int width = this.settings.width(TABLE + "_" + tier);
			List<Span> spans = new ArrayList<>();
			YearMonth tierFrom = from;
			if (periods.containsKey(tier)) {
				YearMonth live = PartitionLayout.firstLive(day, periods.get(tier));
				if (oldestFinite != null && oldestFinite.isBefore(live)) {
					spans.add(new Span(oldestFinite, live));
				}
				tierFrom = tierFrom.isBefore(live) ? live : tierFrom;
			}
			TreeSet<YearMonth> wanted = new TreeSet<>(
					PartitionLayout.months(tierFrom, PartitionLayout.period(last, width).last().plusMonths(1)));
			strays.forEach((stray) -> wanted.addAll(PartitionLayout.period(stray, width)));
			spans.addAll(PartitionLayout.missing(wanted, spans.stream().map(Span::bounds).toList(), width));
			spans.sort(Comparator.comparing(Span::first));
			layout.put(tier, spans);
		}
		return layout;
	}

	/**
	 * What the lock table will need once audit_logs has this layout (counted as
	 * {@code lifecycle_partition_locks} counts): its root, tiers and leaves (a default
	 * per tier), the plain table's indexes carried over on the root, each tier and each
	 * leaf, and each tier's {@code UNIQUE (id, created_at)} on the tier and its leaves.
	 * @param layout the partitions per tier
	 * @return the need, with the server's settings
	 */
	LockTableCheck.Need lockNeed(Map<String, List<Span>> layout) {
		LockTableCheck.Need now = LockTableCheck.of(this.jdbc, TABLE);
		long leaves = layout.values().stream().mapToLong(List::size).sum() + layout.size();
		long carried = legacyIndexes(this.jdbc).size();
		long tiers = layout.size();
		long relations = (1 + carried) + tiers * (1 + carried + 1) + leaves * (1 + carried + 1);
		return new LockTableCheck.Need(TABLE, leaves, relations, now.setting(), now.slots());
	}

	private static YearMonth month(Object timestamp, YearMonth otherwise) {
		return (timestamp != null) ? YearMonth.from(((Timestamp) timestamp).toInstant().atOffset(ZoneOffset.UTC))
				: otherwise;
	}

	/**
	 * Build the partitioned table beside the plain one (one transaction; nothing the
	 * platform uses is locked but briefly read), then, in a second short-lock
	 * transaction, put the mirror trigger on the plain table and note the highest id the
	 * copy must take. Does nothing when a conversion is already under way.
	 * @param today today (UTC)
	 * @param day the day whose purge the layout is made for ({@link #layout})
	 * @param premake months ahead of the calendar
	 * @return partitions created
	 */
	int prepare(LocalDate today, LocalDate day, int premake) {
		if (state() != null) {
			return 0;
		}
		int created = 0;
		if (!exists(NEW)) {
			Map<String, List<Span>> layout = layout(today, day, premake);
			created = this.ddl.run("build " + NEW, (jdbc) -> build(jdbc, layout));
			LockTableCheck.Need need = lockNeed(layout);
			if (need.tooLow()) {
				logger.warn("partition-audit-logs: {}", need.message());
			}
		}
		this.ddl.execute("install the mirror trigger on audit_logs", (jdbc) -> {
			jdbc.execute("CREATE TRIGGER " + MIRROR + " AFTER INSERT OR UPDATE OR DELETE ON audit_logs"
					+ " FOR EACH ROW EXECUTE FUNCTION audit_logs_conversion_mirror()");
			// every writer that started before the trigger has committed (CREATE TRIGGER
			// waited for it): each row is either visible to the copy or mirrored
			jdbc.update("INSERT INTO lifecycle_partition_conversions (table_name, state, copy_max_id, legacy_table)"
					+ " SELECT ?, 'copying', COALESCE(max(id), 0), ? FROM audit_logs", TABLE, LEGACY);
		});
		logger.info("partition-audit-logs: {} built ({} partitions), mirror trigger installed; copying", NEW, created);
		return created;
	}

	private int build(JdbcTemplate jdbc, Map<String, List<Span>> layout) {
		jdbc.execute("CREATE TABLE " + NEW + " (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
				+ " INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY LIST (" + TIER_KEY + ")");
		int created = 0;
		for (String tier : RetentionPeriods.TIERS) {
			String parent = TABLE + "_" + tier;
			jdbc.execute("CREATE TABLE " + parent + " PARTITION OF " + NEW + " FOR VALUES IN ('" + tier + "')"
					+ " PARTITION BY RANGE (created_at)");
			// unique per tier by (id, created_at): what the copy and the mirror meet on,
			// and
			// all PostgreSQL allows under an expression key (ids are unique across tiers
			// by
			// the sequence; verify-integrity checks it)
			jdbc.execute("ALTER TABLE " + parent + " ADD CONSTRAINT " + parent + "_id_created_at_key"
					+ " UNIQUE (id, created_at)");
			jdbc.execute("CREATE TABLE " + parent + "_default PARTITION OF " + parent + " DEFAULT");
			for (Span span : layout.get(tier)) {
				jdbc.execute("CREATE TABLE " + parent + "_" + span.suffix() + " PARTITION OF " + parent
						+ " FOR VALUES FROM (" + span.from() + ") TO (" + span.to() + ")");
				created++;
			}
		}
		// the plain table's other indexes, triggers, owner and grants, carried over as
		// they
		// are; its other triggers stay disabled until the swap (they fired once already,
		// on
		// the plain table, for every row the copy and the mirror bring over)
		for (Map<String, Object> index : legacyIndexes(jdbc)) {
			String definition = (String) index.get("definition");
			String named = replaceOnce(definition, " INDEX \\S+ ON ",
					" INDEX " + newIndexName((String) index.get("name")) + " ON ");
			jdbc.execute(replaceOnce(named, " ON (ONLY )?(public\\.)?audit_logs ", " ON " + NEW + " "));
		}
		for (Map<String, Object> trigger : jdbc.queryForList("SELECT tgname AS name, pg_get_triggerdef(oid) AS"
				+ " definition FROM pg_trigger WHERE tgrelid = CAST('audit_logs' AS REGCLASS) AND NOT tgisinternal"
				+ " AND tgname <> ?", MIRROR)) {
			jdbc.execute(
					replaceOnce((String) trigger.get("definition"), " ON (public\\.)?audit_logs ", " ON " + NEW + " "));
			if (!SET_RETENTION.equals(trigger.get("name"))) {
				jdbc.execute(
						"ALTER TABLE " + NEW + " DISABLE TRIGGER " + RangeParent.quote((String) trigger.get("name")));
			}
		}
		String owner = jdbc.queryForObject("SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class WHERE oid ="
				+ " CAST('audit_logs' AS REGCLASS)", String.class);
		if (!Boolean.TRUE.equals(jdbc
			.queryForObject("SELECT relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) FROM pg_class"
					+ " WHERE oid = CAST('audit_logs' AS REGCLASS)", Boolean.class))) {
			for (String table : jdbc.queryForList("SELECT relid::regclass::text FROM pg_partition_tree(?::regclass)",
					String.class, NEW)) {
				jdbc.execute("ALTER TABLE " + table + " OWNER TO " + owner);
			}
		}
		for (String grant : jdbc.queryForList("SELECT format('GRANT %s ON " + NEW + " TO %s%s', a.privilege_type,"
				+ " CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,"
				+ " CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)"
				+ " FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = CAST('audit_logs' AS REGCLASS)"
				+ " AND a.grantee <> c.relowner", String.class)) {
			jdbc.execute(grant);
		}
		return created;
	}

	/**
	 * The plain table's indexes other than unique ones (no unique index fits a list key).
	 */
	private static List<Map<String, Object>> legacyIndexes(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition"
				+ " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
				+ " WHERE i.indrelid = CAST('audit_logs' AS REGCLASS) AND NOT i.indisunique ORDER BY 1");
	}

	/**
	 * A replacement that must happen: DDL built from catalog text never runs unchanged.
	 */
	private static String replaceOnce(String text, String regex, String replacement) {
		String replaced = text.replaceFirst(regex, Matcher.quoteReplacement(replacement));
		if (replaced.equals(text)) {
			throw new IllegalStateException("partition-audit-logs cannot carry over '" + text
					+ "': it does not read as a statement on public.audit_logs");
		}
		return replaced;
	}

	/**
	 * Redo, from the plain table, the copies of rows updated or deleted since the copy
	 * began, one batch in one transaction.
	 * @param jdbc the transaction's template
	 * @param batch ids at most
	 * @return ids redone
	 */
	static int redoChanged(JdbcTemplate jdbc, int batch) {
		List<Long> ids = jdbc.queryForList(SqlFiles.load(PartitionAuditLogsJobConfiguration.JOB, "take-changed"),
				Long.class, batch);
		if (!ids.isEmpty()) {
			Long[] array = ids.toArray(Long[]::new);
			jdbc.execute("SET LOCAL lifecycle.legacy_import = 'on'");
			jdbc.update(SqlFiles.load(PartitionAuditLogsJobConfiguration.JOB, "remove-copies"), (Object) array);
			jdbc.queryForObject(SqlFiles.load(PartitionAuditLogsJobConfiguration.JOB, "copy-rows"), Long.class,
					(Object) array);
		}
		return ids.size();
	}

	/**
	 * One batch of the rows changed during the copy, redone outside the swap (so the swap
	 * has only the last few to redo under its lock).
	 * @return ids redone, 0 when none is left
	 */
	int redoChangedBatch() {
		if (!"copying".equals(state())) {
			return 0;
		}
		return this.ddl.run("redo changed rows", (jdbc) -> redoChanged(jdbc, REDO_BATCH));
	}

	private static String newIndexName(String name) {
		return RangeParent.quote(name.substring(0, Math.min(name.length(), 61)) + "_p");
	}

	private static String legacyIndexName(String name) {
		return RangeParent.quote(name.substring(0, Math.min(name.length(), 56)) + "_legacy");
	}

	/**
	 * Swap the tables in one short-lock transaction: the plain table becomes
	 * {@code audit_logs_legacy} (its mirror trigger removed, its indexes renamed), the
	 * new one {@code audit_logs} with the plain table's index names, and the id sequence
	 * is owned by the new table (dropping the legacy table later cannot take it along).
	 * An insert queued behind the lock resolves the name again and lands in the new
	 * table.
	 * @return whether this call swapped (false: already swapped)
	 */
	boolean swap() {
		return this.ddl.run("swap audit_logs", (jdbc) -> {
			if (!"copying".equals(state())) {
				return false;
			}
			jdbc.execute("LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE");
			String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence('audit_logs', 'id')", String.class);
			List<Map<String, Object>> indexes = jdbc.queryForList("SELECT c.relname AS name, i.indisunique AS is_unique"
					+ " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
					+ " WHERE i.indrelid = CAST('audit_logs' AS REGCLASS) ORDER BY 1");
			jdbc.execute("DROP TRIGGER " + MIRROR + " ON audit_logs");
			// the plain table is quiet now: redo the last rows changed since the copy
			while (redoChanged(jdbc, REDO_BATCH) > 0) {
				// next batch
			}
			List<String> enabled = jdbc.queryForList("SELECT quote_ident(tgname) FROM pg_trigger WHERE tgrelid ="
					+ " CAST('audit_logs' AS REGCLASS) AND NOT tgisinternal AND tgenabled <> 'D' AND tgname <> ?",
					String.class, SET_RETENTION);
			for (Map<String, Object> index : indexes) {
				jdbc.execute("ALTER INDEX " + RangeParent.quote((String) index.get("name")) + " RENAME TO "
						+ legacyIndexName((String) index.get("name")));
			}
			jdbc.execute("ALTER TABLE audit_logs RENAME TO " + LEGACY);
			jdbc.execute("ALTER TABLE " + NEW + " RENAME TO audit_logs");
			for (String trigger : enabled) {
				jdbc.execute("ALTER TABLE audit_logs ENABLE TRIGGER " + trigger);
			}
			for (Map<String, Object> index : indexes) {
				if (!(Boolean) index.get("is_unique")) {
					jdbc.execute("ALTER INDEX " + newIndexName((String) index.get("name")) + " RENAME TO "
							+ RangeParent.quote((String) index.get("name")));
				}
			}
			if (sequence != null) {
				jdbc.execute("ALTER SEQUENCE " + sequence + " OWNED BY audit_logs.id");
			}
			jdbc.update("UPDATE lifecycle_partition_conversions SET state = 'swapped', swapped_at = now()"
					+ " WHERE table_name = ?", TABLE);
			return true;
		});
	}

	/**
	 * Prove the copy whole: per tier and month, equal counts and id checksums in the old
	 * and the new table. On success the conversion is verified and the old table may go
	 * once {@code keepLegacy} has passed.
	 * @param keepLegacy how long to keep the old table after the proof
	 * @return the tier-months that differ, empty when the copy is whole
	 */
	List<String> verify(Duration keepLegacy) {
		if (!"swapped".equals(state())) {
			return List.of();
		}
		List<String> mismatches = this.jdbc.query(SqlFiles.load(PartitionAuditLogsJobConfiguration.JOB, "verify"),
				(rs, i) -> rs.getString("tier") + " " + rs.getString("month") + ": " + rs.getLong("legacy_rows")
						+ " rows in audit_logs_legacy, " + rs.getLong("partitioned_rows") + " in audit_logs");
		this.ddl.execute("record the verification", (tx) -> tx
			.update("UPDATE lifecycle_partition_conversions SET verify_mismatches = ?,"
					+ " state = CASE WHEN ? = 0 THEN 'verified' ELSE state END,"
					+ " verified_at = CASE WHEN ? = 0 THEN now() END,"
					+ " keep_legacy_until = CASE WHEN ? = 0 THEN now() + make_interval(secs => ?) END WHERE table_name = ?",
					mismatches.size(), mismatches.size(), mismatches.size(), mismatches.size(), keepLegacy.toSeconds(),
					TABLE));
		return mismatches;
	}

	/**
	 * Drop the old table of a verified conversion once its keep period has passed.
	 * @param jdbc the database
	 * @param ddl how DDL waits for locks
	 * @return whether it was dropped now
	 */
	static boolean dropLegacyIfDue(JdbcTemplate jdbc, ShortLockDdl ddl) {
		return ddl.run("drop " + LEGACY, (tx) -> {
			List<String> due = tx.queryForList(
					"SELECT legacy_table FROM lifecycle_partition_conversions"
							+ " WHERE table_name = ? AND state = 'verified' AND keep_legacy_until <= now() FOR UPDATE",
					String.class, TABLE);
			if (due.isEmpty()) {
				return false;
			}
			tx.execute("DROP TABLE IF EXISTS " + LEGACY);
			tx.update("UPDATE lifecycle_partition_conversions SET state = 'done', legacy_dropped_at = now()"
					+ " WHERE table_name = ?", TABLE);
			return true;
		});
	}

	private boolean exists(String table) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
	}

}
