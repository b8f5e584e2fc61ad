package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ShortLockDdl;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A measurement, not a test (run by hand with {@code main}): issue 10's comparison of the
 * ways to purge one expired tier-month of the partitioned audit_logs, each on an
 * identical copy ({@code CREATE DATABASE ... TEMPLATE}) of one seeded, dated and
 * partitioned database (backfill-retention, backfill-audit-log-ids so booking_history
 * references audit ids and the purged references are real work, partition-audit-logs):
 * (a) detach and drop, as purge-retention's {@code PartitionDropTasklet} does (two
 * short-lock transactions: detach and note; check, purged references, ledger, drop), (b)
 * the job's exact-to-the-day chunk statement ({@code delete-expired-chunk.sql}) on the
 * month, 1,000 rows by id per transaction, (c) the same statement without a limit: one
 * DELETE of every row of the month in one transaction, with the same bookkeeping. The
 * month is the standard tier's biggest wholly expired one. For each: time, WAL written
 * ({@code pg_current_wal_insert_lsn()} differences, after a CHECKPOINT, so each pays the
 * same full-page images; the inserter's own WAL is measured idle and printed apart), the
 * size of the tier's leaves afterwards ({@code pg_total_relation_size} summed), then a
 * {@code VACUUM} of the tier (its time, WAL and the size after), and the waits of a
 * concurrent inserter of {@code BOOKING_UPDATED} audit rows (standard tier: the same
 * tier) at a fixed rate, each measured from its scheduled start. The source database is
 * vacuumed first, so no copy starts with vacuum work pending. Arguments: bookings
 * (default 200000), inserts per second (default 200).
 */
public final class PurgeDropProbe {

	private static final String TIER = "standard";

	private static final int CHUNK = 1000;

	private PurgeDropProbe() {
	}

	public static void main(String[] args) throws Exception {
		long bookings = (args.length > 0) ? Long.parseLong(args[0]) : 200_000;
		int rate = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		LocalDate asOf = LocalDate.now(ZoneOffset.UTC);
		DatabaseTarget source = TestDatabase.migrated(PurgeDropProbe.class);
		JdbcTemplate jdbc = TestDatabase.jdbc(source);
		Cli cli = new Cli(source);
		long started = System.nanoTime();
		check(cli.run("migrate"));
		check(cli.run("seed", "--bookings", String.valueOf(bookings), "--until", asOf.toString()));
		System.out.printf("seeded %,d bookings, %,d audit rows in %.0f s%n", bookings,
				jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class),
				(System.nanoTime() - started) / 1e9);
		started = System.nanoTime();
		check(cli.run("run", "backfill-retention", "asOf=" + asOf));
		check(cli.run("run", "backfill-audit-log-ids", "asOf=" + asOf));
		check(cli.run("run", "partition-audit-logs", "asOf=" + asOf));
		jdbc.execute("VACUUM ANALYZE");
		jdbc.execute("CHECKPOINT");
		System.out.printf("dated, trails filled, partitioned and vacuumed in %.0f s%n",
				(System.nanoTime() - started) / 1e9);

		// the standard tier's wholly expired months, as the job finds them; the biggest
		Map<String, Object> month = null;
		long rows = -1;
		for (Map<String, Object> leaf : jdbc.queryForList(SqlFiles.load("purge-retention", "expired-partitions"),
				java.sql.Date.valueOf(asOf))) {
			if (TIER.equals(leaf.get("tier"))) {
				long n = jdbc.queryForObject("SELECT count(*) FROM " + leaf.get("leaf"), Long.class);
				if (n > rows) {
					rows = n;
					month = leaf;
				}
			}
		}
		if (month == null) {
			throw new IllegalStateException("no wholly expired " + TIER + " month");
		}
		String leaf = (String) month.get("leaf");
		String parent = jdbc.queryForObject(
				"SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = CAST(? AS REGCLASS)", String.class,
				leaf);
		System.out.printf("month: %s (%,d rows, %.1f MB with its indexes) of %s (%d leaves, %.1f MB); asOf %s%n", leaf,
				rows, ((Number) month.get("bytes")).longValue() / 1048576.0, parent,
				jdbc.queryForObject("SELECT count(*) FROM pg_partition_tree(CAST(? AS REGCLASS)) WHERE isleaf",
						Long.class, parent),
				tierBytes(jdbc, parent) / 1048576.0, asOf);

		List<Result> results = new ArrayList<>();
		for (String way : List.of("drop", "chunked", "single")) {
			results.add(measure(source, way, leaf, parent, month, asOf, rows, rate));
		}

		System.out.printf("%n%-38s %9s %9s %9s %11s %12s %10s %10s %12s %14s %14s %14s%n", "way", "rows", "time s",
				"WAL MB", "tier MB", "tier MB", "VACUUM s", "VACUUM", "tier MB", "inserter max", "inserter p99",
				"inserter max");
		System.out.printf("%-38s %9s %9s %9s %11s %12s %10s %10s %12s %14s %14s %14s%n", "", "", "", "", "before",
				"after", "", "WAL MB", "after VACUUM", "during, ms", "during, ms", "VACUUM, ms");
		for (Result r : results) {
			System.out.printf("%-38s %,9d %9.3f %9.2f %11.1f %12.1f %10.3f %10.2f %12.1f %14.1f %14.1f %14.1f%n", r.way,
					r.rows, r.seconds, r.walMb, r.tierBefore / 1048576.0, r.tierAfter / 1048576.0, r.vacuumSeconds,
					r.vacuumWalMb, r.tierVacuumed / 1048576.0, PlatformSimulator.percentileMillis(r.during, 1.0),
					PlatformSimulator.percentileMillis(r.during, 0.99),
					PlatformSimulator.percentileMillis(r.vacuum, 1.0));
		}
		System.out.println();
		for (Result r : results) {
			System.out.printf(
					"%s: %s; inserter: %,d inserts during (%d failed over the run), idle p50 %.1f ms,"
							+ " p99 %.1f ms, max %.1f ms; inserter WAL idle %.3f MB/s%n",
					r.way, r.note, r.during.size(), r.failures, PlatformSimulator.percentileMillis(r.idle, 0.5),
					PlatformSimulator.percentileMillis(r.idle, 0.99), PlatformSimulator.percentileMillis(r.idle, 1.0),
					r.idleWalMbPerSecond);
		}
		System.out.printf("machine: %d cores, %s, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.arch"), System.getProperty("java.version"),
				jdbc.queryForObject("SELECT version()", String.class).split(",")[0]);
		System.exit(0);
	}

	private static Result measure(DatabaseTarget source, String way, String leaf, String parent,
			Map<String, Object> month, LocalDate asOf, long rows, int rate) throws Exception {
		String sourceName = TestDatabase.jdbc(source).queryForObject("SELECT current_database()", String.class);
		String name = sourceName + "_" + way;
		admin(source, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		admin(source, "CREATE DATABASE " + name + " TEMPLATE " + sourceName);
		DatabaseTarget copy = source.withDatabase(name);
		JdbcTemplate jdbc = TestDatabase.jdbc(copy);
		Result result = new Result(way);
		result.tierBefore = tierBytes(jdbc, parent);
		AuditInserter inserter = new AuditInserter(copy, rate, "BOOKING_UPDATED");
		Thread thread = new Thread(inserter, "audit-inserter");
		thread.start();
		try {
			inserter.awaitMore(2 * rate);
			String idleLsn = lsn(jdbc);
			long idleFrom = System.currentTimeMillis();
			inserter.awaitMore(3 * rate);
			result.idleWalMbPerSecond = walMb(jdbc, idleLsn) / ((System.currentTimeMillis() - idleFrom) / 1000.0);
			long idleTo = System.currentTimeMillis();
			jdbc.execute("CHECKPOINT");

			OffsetDateTime cutoff = asOf.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
			String before = lsn(jdbc);
			long from = System.currentTimeMillis();
			long t0 = System.nanoTime();
			switch (way) {
				case "drop" -> result.note = drop(copy, leaf, parent, month, cutoff, asOf);
				case "chunked" -> result.note = chunked(jdbc, leaf, cutoff, asOf);
				case "single" -> result.note = single(jdbc, leaf, cutoff, asOf, rows);
				default -> throw new IllegalArgumentException(way);
			}
			result.seconds = (System.nanoTime() - t0) / 1e9;
			long to = System.currentTimeMillis();
			result.walMb = walMb(jdbc, before);
			result.tierAfter = tierBytes(jdbc, parent);
			long left = jdbc.queryForObject(
					"SELECT count(*) FROM " + parent + " WHERE created_at >= ? AND created_at < ?", Long.class,
					month.get("range_from"), month.get("range_to"));
			result.rows = rows - left;

			String beforeVacuum = lsn(jdbc);
			long vacuumFrom = System.currentTimeMillis();
			t0 = System.nanoTime();
			jdbc.execute("VACUUM " + parent);
			result.vacuumSeconds = (System.nanoTime() - t0) / 1e9;
			long vacuumTo = System.currentTimeMillis();
			result.vacuumWalMb = walMb(jdbc, beforeVacuum);
			result.tierVacuumed = tierBytes(jdbc, parent);
			inserter.awaitMore(rate);
			inserter.stop();
			thread.join();
			result.idle = inserter.between(idleFrom, idleTo);
			result.during = inserter.between(from, to);
			result.vacuum = inserter.between(vacuumFrom, vacuumTo);
			result.failures = inserter.failures();
		}
		finally {
			inserter.stop();
			thread.join();
			admin(source, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		System.out.printf("%s: %,d rows in %.3f s, WAL %.2f MB; VACUUM %.3f s%n", way, result.rows, result.seconds,
				result.walMb, result.vacuumSeconds);
		return result;
	}

	/** (a) as PartitionDropTasklet: detach (and note it), then check, record, drop. */
	private static String drop(DatabaseTarget copy, String leaf, String parent, Map<String, Object> month,
			OffsetDateTime cutoff, LocalDate asOf) {
		ShortLockDdl ddl = new ShortLockDdl(copy.dataSource(), Duration.ofSeconds(2), 10, Duration.ofSeconds(30));
		java.sql.Date day = java.sql.Date.valueOf(asOf);
		long[] breakdown = new long[3];
		long t0 = System.nanoTime();
		ddl.execute("detach " + leaf, (tx) -> {
			tx.execute("ALTER TABLE " + parent + " DETACH PARTITION " + leaf);
			tx.update(
					"INSERT INTO lifecycle_purge_detached (leaf, parent, tier, range_from, range_to, job_instance_id)"
							+ " VALUES (?, ?, ?, ?, ?, 0)",
					leaf, parent, TIER, month.get("range_from"), month.get("range_to"));
		});
		long detached = System.nanoTime();
		ddl.execute("drop " + leaf, (tx) -> {
			tx.execute("LOCK TABLE " + leaf + " IN ACCESS EXCLUSIVE MODE");
			long unexpired = tx.queryForObject("SELECT count(*) FROM " + leaf
					+ " WHERE data_retention_expires_at IS NULL" + " OR data_retention_expires_at >= ?", Long.class,
					cutoff);
			if (unexpired > 0) {
				throw new IllegalStateException(leaf + " holds " + unexpired + " rows not yet expired");
			}
			int held = tx.update(
					"INSERT INTO audit_logs_held SELECT a.*, now() FROM " + leaf
							+ " a WHERE lifecycle_held(a.resource_type, a.resource_id, ?) ON CONFLICT (id) DO NOTHING",
					day);
			String beforeReferences = lsn(tx);
			long referencesStarted = System.nanoTime();
			breakdown[0] = tx.update(String.format(SqlFiles.load("purge-retention", "record-purged-references"), leaf),
					TIER, day);
			breakdown[1] = System.nanoTime() - referencesStarted;
			breakdown[2] = (long) (walMb(tx, beforeReferences) * 1048576);
			Map<String, Object> rows = tx.queryForMap("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi,"
					+ " pg_total_relation_size(CAST(? AS REGCLASS)) AS bytes FROM " + leaf, leaf);
			tx.update(
					"INSERT INTO lifecycle_purge_ledger (job_instance_id, as_of, table_name, tier, partition_name,"
							+ " action, row_count, min_id, max_id, bytes_freed) VALUES (0, ?, 'audit_logs', ?, ?,"
							+ " 'partition dropped', ?, ?, ?, ?)",
					day, TIER, leaf, ((Number) rows.get("n")).longValue() - held, rows.get("lo"), rows.get("hi"),
					rows.get("bytes"));
			tx.execute("DROP TABLE " + leaf);
			tx.update("DELETE FROM lifecycle_purge_detached WHERE leaf = ?", leaf);
		});
		long dropped = System.nanoTime();
		return String.format(
				"detach transaction %.1f ms, check + records + drop transaction %.1f ms, of which recording the"
						+ " purged references %.1f ms and %.2f MB of WAL (%,d ranges)",
				(detached - t0) / 1e6, (dropped - detached) / 1e6, breakdown[1] / 1e6, breakdown[2] / 1048576.0,
				breakdown[0]);
	}

	/** (b) the job's chunk statement, 1,000 rows by id, each its own transaction. */
	private static String chunked(JdbcTemplate jdbc, String leaf, OffsetDateTime cutoff, LocalDate asOf) {
		String sql = String.format(SqlFiles.load("purge-retention", "delete-expired-chunk"), leaf);
		java.sql.Date day = java.sql.Date.valueOf(asOf);
		long lastId = Long.MIN_VALUE;
		List<Long> chunks = new ArrayList<>();
		while (true) {
			long t0 = System.nanoTime();
			Map<String, Object> chunk = jdbc.queryForMap(sql, cutoff, lastId, day, CHUNK, 0L, day, "audit_logs", TIER,
					leaf);
			chunks.add(System.nanoTime() - t0);
			Number last = (Number) chunk.get("last_id");
			if (last == null) {
				break;
			}
			lastId = last.longValue();
		}
		return String.format("%d transactions of up to %d rows, p50 %.1f ms, p99 %.1f ms, max %.1f ms", chunks.size(),
				CHUNK, PlatformSimulator.percentileMillis(chunks, 0.5),
				PlatformSimulator.percentileMillis(chunks, 0.99), PlatformSimulator.percentileMillis(chunks, 1.0));
	}

	/** (c) the same statement with no limit: one DELETE, one transaction. */
	private static String single(JdbcTemplate jdbc, String leaf, OffsetDateTime cutoff, LocalDate asOf, long rows) {
		String sql = String.format(SqlFiles.load("purge-retention", "delete-expired-chunk"), leaf);
		java.sql.Date day = java.sql.Date.valueOf(asOf);
		Map<String, Object> done = jdbc.queryForMap(sql, cutoff, Long.MIN_VALUE, day, Long.MAX_VALUE, 0L, day,
				"audit_logs", TIER, leaf);
		return "one statement, " + done.get("deleted") + " rows deleted, " + done.get("referenced")
				+ " purged references recorded";
	}

	private static long tierBytes(JdbcTemplate jdbc, String parent) {
		return jdbc.queryForObject("SELECT COALESCE(sum(pg_total_relation_size(relid)), 0) FROM"
				+ " pg_partition_tree(CAST(? AS REGCLASS)) WHERE isleaf", Long.class, parent);
	}

	private static String lsn(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT pg_current_wal_insert_lsn()::text", String.class);
	}

	private static double walMb(JdbcTemplate jdbc, String since) {
		return jdbc
			.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), CAST(? AS pg_lsn))", Number.class,
					since)
			.doubleValue() / 1048576.0;
	}

	private static void check(Cli.Result result) {
		if (result.exit() != 0) {
			throw new IllegalStateException(result.toString());
		}
	}

	/** Database names here are the probe's own, never input. */
	private static void admin(DatabaseTarget server, String sql) throws SQLException {
		try (Connection connection = server.withDatabase("postgres").dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static final class Result {

		final String way;

		String note;

		long rows;

		double seconds;

		double walMb;

		double idleWalMbPerSecond;

		long tierBefore;

		long tierAfter;

		double vacuumSeconds;

		double vacuumWalMb;

		long tierVacuumed;

		List<Long> idle = List.of();

		List<Long> during = List.of();

		List<Long> vacuum = List.of();

		long failures;

		Result(String way) {
			this.way = switch (way) {
				case "drop" -> "(a) detach + drop";
				case "chunked" -> "(b) chunked DELETE, " + CHUNK + "/transaction";
				default -> "(c) one DELETE";
			};
		}

	}

}
