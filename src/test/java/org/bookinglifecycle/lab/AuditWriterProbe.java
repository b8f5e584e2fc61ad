package org.bookinglifecycle.lab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A measurement, not a test (run by hand with {@code main}): what a platform that inserts
 * audit rows feels while partition-audit-logs converts the table, and while
 * maintain-partitions then adds months; and the booking audit-trail lookup before and
 * after the conversion. A seeded database on the test embedded PostgreSQL; an inserter
 * doing plain single-row {@code INSERT INTO audit_logs} at a fixed rate on its own
 * connection, each wait measured from its scheduled start; the job's phases read from its
 * step executions afterwards. Arguments: bookings (default 200000), inserts per second
 * (default 200).
 */
public final class AuditWriterProbe {

	private static final String LOOKUP = "SELECT * FROM audit_logs WHERE resource_type = 'BOOKING' AND resource_id = ?"
			+ " ORDER BY created_at, id";

	private AuditWriterProbe() {
	}

	public static void main(String[] args) throws Exception {
		long bookings = (args.length > 0) ? Long.parseLong(args[0]) : 200_000;
		int rate = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		DatabaseTarget database = TestDatabase.migrated(AuditWriterProbe.class);
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		Cli cli = new Cli(database);
		check(cli.run("migrate"));
		long seedStarted = System.nanoTime();
		check(cli.run("seed", "--bookings", String.valueOf(bookings)));
		jdbc.execute("ANALYZE");
		System.out.printf("seeded %,d bookings, %,d audit rows in %.0f s; %s%n", bookings,
				jdbc.queryForObject("SELECT count(*) FROM audit_logs", Long.class),
				(System.nanoTime() - seedStarted) / 1e9,
				jdbc.queryForObject("SELECT version()", String.class).split(",")[0]);

		List<Double> before = lookups(database, bookings);

		AuditInserter inserter = new AuditInserter(database, rate, "BOOKING_UPDATED", "PAYMENT_RECEIVED", "USER_LOGIN");
		Thread thread = new Thread(inserter, "audit-inserter");
		thread.start();
		List<long[]> phases = new ArrayList<>();
		List<String> names = new ArrayList<>();
		long idleStarted = System.currentTimeMillis();
		inserter.awaitMore(5 * rate);
		long jobStarted = System.currentTimeMillis();
		phases.add(new long[] { idleStarted, jobStarted });
		names.add("idle (5 s of inserts before)");
		Cli.Result conversion = cli.run("run", "partition-audit-logs");
		long jobEnded = System.currentTimeMillis();
		check(conversion);
		for (Map<String, Object> step : jdbc.queryForList(
				"SELECT step_name, start_time, end_time FROM batch_step_execution WHERE step_name NOT LIKE '%:%'"
						+ " ORDER BY step_execution_id")) {
			phases.add(new long[] { ((java.sql.Timestamp) step.get("start_time")).getTime(),
					((java.sql.Timestamp) step.get("end_time")).getTime() });
			names.add("partition-audit-logs " + step.get("step_name"));
		}
		phases.add(new long[] { jobStarted, jobEnded });
		names.add("partition-audit-logs, whole run (CLI call)");
		inserter.awaitMore(3 * rate);
		long maintainStarted = System.currentTimeMillis();
		Cli.Result maintain = cli.run("run", "maintain-partitions", "premake=6");
		long maintainEnded = System.currentTimeMillis();
		check(maintain);
		phases.add(new long[] { maintainStarted, maintainEnded });
		names.add("maintain-partitions premake=6 (CLI call)");
		inserter.awaitMore(3 * rate);
		inserter.stop();
		thread.join();
		jdbc.execute("ANALYZE audit_logs");
		List<Double> after = lookups(database, bookings);

		System.out.println(conversion.out());
		System.out.println(maintain.out());
		System.out.printf("audit inserter: %d inserts/s, %,d inserts, %d failed%n", rate, inserter.count(),
				inserter.failures());
		System.out.printf("%-52s %8s %8s %8s %9s%n", "phase", "inserts", "p50 ms", "p99 ms", "max ms");
		for (int i = 0; i < phases.size(); i++) {
			List<Long> in = inserter.between(phases.get(i)[0], phases.get(i)[1]);
			System.out.printf("%-52s %8d %8.1f %8.1f %9.1f%n", names.get(i), in.size(),
					PlatformSimulator.percentileMillis(in, 0.5), PlatformSimulator.percentileMillis(in, 0.99),
					PlatformSimulator.percentileMillis(in, 1.0));
		}
		System.out.printf("audit-trail lookup (%s), 2000 random booking ids:%n", LOOKUP);
		System.out.printf("  plain table:       p50 %.2f ms, p99 %.2f ms%n", percentile(before, 0.5),
				percentile(before, 0.99));
		System.out.printf("  partitioned table: p50 %.2f ms, p99 %.2f ms (%d partitions)%n", percentile(after, 0.5),
				percentile(after, 0.99),
				jdbc.queryForObject("SELECT count(*) FROM pg_partition_tree('audit_logs') WHERE isleaf", Long.class));
		System.exit(0);
	}

	private static void check(Cli.Result result) {
		if (result.exit() != 0) {
			throw new IllegalStateException(result.toString());
		}
	}

	/** 500 warm-up lookups, then 2000 timed ones, on one connection, prepared. */
	private static List<Double> lookups(DatabaseTarget database, long bookings) throws SQLException {
		Random random = new Random(11);
		List<Double> millis = new ArrayList<>();
		try (Connection connection = database.dataSource().getConnection();
				PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
			for (int i = 0; i < 2500; i++) {
				lookup.setLong(1, 1 + (long) (random.nextDouble() * bookings));
				long started = System.nanoTime();
				int rows = 0;
				try (ResultSet rs = lookup.executeQuery()) {
					while (rs.next()) {
						rows++;
					}
				}
				if (i >= 500) {
					millis.add((System.nanoTime() - started) / 1e6);
				}
			}
		}
		return millis;
	}

	private static double percentile(List<Double> values, double percentile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(Math.max(0, (int) Math.ceil(percentile * sorted.size()) - 1));
	}

}
