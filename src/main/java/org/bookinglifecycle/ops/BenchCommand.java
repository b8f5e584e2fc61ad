package org.bookinglifecycle.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.db.SchemaMigrations;
import org.bookinglifecycle.ops.seed.PlatformSeeder;
import org.bookinglifecycle.support.BadUsageException;
import org.bookinglifecycle.support.SetBasedBaseline;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench JOB}: the job against the single set-based statement doing the same work,
 * on identical databases (cloned from one seeded template), interleaved in pairs after a
 * warm-up pair, with a platform simulator measuring what single-row updates feel. Prints
 * rows/s of both, their ratio and its median, the job's peak heap, WAL written,
 * chunk-time p50/p99 and the platform's p99 latency idle, during the statement and during
 * the job. A command, never a test: timings are measured here, not asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = { "Benchmark a job against the single set-based SQL statement doing the same work.",
				"Creates databases bench_template, bench_job and bench_set on the same server (embedded by default)." })
class BenchCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "JOB", description = "the job to benchmark, e.g. archive-bookings")
	String job;

	@Option(names = "--bookings", defaultValue = "100000", description = "bookings to seed (default ${DEFAULT-VALUE})")
	long bookings;

	@Option(names = "--pairs", defaultValue = "5",
			description = "measured pairs after the warm-up (default ${DEFAULT-VALUE})")
	int pairs;

	@Option(names = "--chunk-size", defaultValue = "1000",
			description = "the job's chunkSize (default ${DEFAULT-VALUE})")
	int chunkSize;

	@Option(names = "--rate", defaultValue = "200",
			description = "platform simulator updates per second (default ${DEFAULT-VALUE})")
	int rate;

	@Option(names = "--seed", defaultValue = "42", description = "seed of the data (default ${DEFAULT-VALUE})")
	long seed;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		if (this.pairs < 1 || this.pairs > 50) {
			throw new BadUsageException("--pairs=" + this.pairs + " is not allowed: expected 1 to 50.");
		}
		if (this.rate < 1 || this.rate > 5000) {
			throw new BadUsageException("--rate=" + this.rate + " is not allowed: expected 1 to 5000.");
		}
		SetBasedBaseline baseline = runtime.context()
			.getBeansOfType(SetBasedBaseline.class)
			.values()
			.stream()
			.filter((b) -> b.job().equals(this.job))
			.findFirst()
			.orElseThrow(() -> new BadUsageException("There is no bench for '" + this.job + "': benches exist for "
					+ String.join(", ",
							runtime.context()
								.getBeansOfType(SetBasedBaseline.class)
								.values()
								.stream()
								.map(SetBasedBaseline::job)
								.sorted()
								.toList())
					+ "."));
		PlatformSeeder.Options options = SeedCommand.options(this.bookings, 8, this.seed, null);
		LocalDate asOf = options.until();
		DatabaseTarget server = runtime.migratedDatabase();
		DatabaseTarget template = server.withDatabase("bench_template");
		recreate(server, "bench_template", null);
		new SchemaMigrations(template.dataSource()).migrate(false);
		PlatformSeeder.Result seeded = new PlatformSeeder(template.dataSource()).seed(options, (done) -> {
		});
		console.line(
				"bench %s: %,d bookings seeded in %.0fs, chunkSize %d, %d pairs after a warm-up, "
						+ "platform simulator %d updates/s",
				this.job, this.bookings, seeded.took().toSeconds() * 1.0, this.chunkSize, this.pairs, this.rate);
		List<Pair> results = new ArrayList<>();
		List<Long> idle = new ArrayList<>();
		List<Long> duringJob = new ArrayList<>();
		List<Long> duringSet = new ArrayList<>();
		long jobLockTimeouts = 0;
		long setLockTimeouts = 0;
		try {
			for (int pair = 0; pair <= this.pairs; pair++) {
				recreate(server, "bench_job", "bench_template");
				recreate(server, "bench_set", "bench_template");
				Run jobRun = null;
				Run setRun = null;
				for (boolean jobFirst : (pair % 2 == 0) ? List.of(true, false) : List.of(false, true)) {
					if (jobFirst) {
						jobRun = runJob(server.withDatabase("bench_job"), baseline, asOf);
					}
					else {
						setRun = runSetBased(server.withDatabase("bench_set"), baseline, asOf);
					}
				}
				// the job skips rows the simulated platform holds locked at that instant
				// (taken next run)
				if (Math.abs(jobRun.rows - setRun.rows) > Math.max(10, setRun.rows / 100)) {
					throw new IllegalStateException(
							"job and statement did different work: " + jobRun.rows + " vs " + setRun.rows + " rows");
				}
				if (pair == 0) {
					console.line("warm-up: job %,d rows in %.1fs, statement in %.1fs", jobRun.rows, jobRun.seconds(),
							setRun.seconds());
					continue;
				}
				results.add(new Pair(pair, jobRun, setRun));
				idle.addAll(jobRun.idle);
				idle.addAll(setRun.idle);
				duringJob.addAll(jobRun.during);
				duringSet.addAll(setRun.during);
				jobLockTimeouts += jobRun.lockTimeouts;
				setLockTimeouts += setRun.lockTimeouts;
			}
		}
		finally {
			drop(server, "bench_job");
			drop(server, "bench_set");
		}
		List<List<String>> rows = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		for (Pair pair : results) {
			double ratio = pair.job.rowsPerSecond() / pair.set.rowsPerSecond();
			ratios.add(ratio);
			rows.add(List.of(String.valueOf(pair.number), String.format("%,d / %,d", pair.job.rows, pair.set.rows),
					String.format("%,.0f", pair.job.rowsPerSecond()), String.format("%,.0f", pair.set.rowsPerSecond()),
					String.format("%.2f", ratio), String.format("%.0f", pair.job.peakHeapMb),
					String.format("%.1f", pair.job.walMb), String.format("%.1f", pair.set.walMb),
					String.format("%.1f", pair.job.chunkP50Ms), String.format("%.1f", pair.job.chunkP99Ms)));
		}
		console.table(List.of("pair", "rows job / statement", "job rows/s", "statement rows/s", "ratio",
				"job peak heap MB", "job WAL MB", "statement WAL MB", "chunk p50 ms", "chunk p99 ms"), rows);
		Collections.sort(ratios);
		console.line("median ratio job/statement: %.2f", ratios.get(ratios.size() / 2));
		console.line(
				"platform update p99: idle %.1f ms, during the statement %.1f ms, during the job %.1f ms; "
						+ "platform lock timeouts (5 s): %d during the statement, %d during the job",
				PlatformSimulator.percentileMillis(idle, 0.99), PlatformSimulator.percentileMillis(duringSet, 0.99),
				PlatformSimulator.percentileMillis(duringJob, 0.99), setLockTimeouts, jobLockTimeouts);
		console.line("machine: %d cores, %s, Java %s, %s", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.arch"), System.getProperty("java.version"),
				new JdbcTemplate(server.dataSource()).queryForObject("SELECT version()", String.class).split(",")[0]);
		return ExitCodes.COMPLETED;
	}

	private Run runJob(DatabaseTarget database, SetBasedBaseline baseline, LocalDate asOf) {
		DatabaseOptions options = new DatabaseOptions();
		options.url = database.url();
		options.user = database.user();
		options.password = database.password();
		try (LifecycleRuntime runtime = new LifecycleRuntime(options)) {
			JobControl control = runtime.bean(JobControl.class);
			JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
			var parameters = control.parameters(this.job, List.of("asOf=" + asOf, "chunkSize=" + this.chunkSize),
					false);
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			Metrics.addRegistry(meters);
			Run run = new Run();
			run.measure(database, jdbc, baseline, () -> {
				JobExecution execution = control.run(this.job, parameters);
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					throw new IllegalStateException("the job ended " + execution.getStatus());
				}
			}, this.bookings, this.rate);
			Metrics.removeRegistry(meters);
			Timer chunks = meters.find(baseline.chunkTimer()).timer();
			if (chunks != null) {
				for (ValueAtPercentile value : chunks.takeSnapshot().percentileValues()) {
					if (value.percentile() == 0.5) {
						run.chunkP50Ms = value.value(TimeUnit.MILLISECONDS);
					}
					else if (value.percentile() == 0.99) {
						run.chunkP99Ms = value.value(TimeUnit.MILLISECONDS);
					}
				}
			}
			return run;
		}
	}

	private Run runSetBased(DatabaseTarget database, SetBasedBaseline baseline, LocalDate asOf) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		Run run = new Run();
		run.measure(database, jdbc, baseline, () -> baseline.run(jdbc, asOf), this.bookings, this.rate);
		return run;
	}

	private static void recreate(DatabaseTarget server, String database, String template) {
		drop(server, database);
		admin(server, "CREATE DATABASE " + database + ((template != null) ? " TEMPLATE " + template : ""));
	}

	private static void drop(DatabaseTarget server, String database) {
		admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	/** Database names here are the bench's own constants, never input. */
	private static void admin(DatabaseTarget server, String sql) {
		try (Connection connection = server.withDatabase("postgres").dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	private record Pair(int number, Run job, Run set) {

	}

	/** One side of a pair: its timing, work, heap, WAL and what the platform felt. */
	private static final class Run {

		long rows;

		long nanos;

		double peakHeapMb;

		double walMb;

		double chunkP50Ms = Double.NaN;

		double chunkP99Ms = Double.NaN;

		List<Long> idle = List.of();

		List<Long> during = List.of();

		long lockTimeouts;

		void measure(DatabaseTarget database, JdbcTemplate jdbc, SetBasedBaseline baseline, Runnable work, long maxId,
				int rate) {
			long doneBefore = baseline.done(jdbc);
			try (PlatformSimulator platform = new PlatformSimulator(database.dataSource(), maxId, rate)) {
				sleep(Duration.ofSeconds(2));
				this.idle = platform.nextPhase();
				String walBefore = jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
				List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
					.stream()
					.filter((pool) -> pool.getType() == MemoryType.HEAP)
					.toList();
				System.gc();
				heap.forEach(MemoryPoolMXBean::resetPeakUsage);
				long started = System.nanoTime();
				work.run();
				this.nanos = System.nanoTime() - started;
				this.during = platform.nextPhase();
				this.peakHeapMb = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum() / 1048576.0;
				Map<String, Object> wal = jdbc
					.queryForMap("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(? AS pg_lsn)) AS bytes", walBefore);
				this.walMb = ((Number) wal.get("bytes")).doubleValue() / 1048576.0;
				this.lockTimeouts = platform.lockTimeouts();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			this.rows = baseline.done(jdbc) - doneBefore;
		}

		double seconds() {
			return this.nanos / 1e9;
		}

		double rowsPerSecond() {
			return this.rows / seconds();
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
