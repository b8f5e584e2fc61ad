package org.bookinglifecycle.lab;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import org.bookinglifecycle.kit.OpsOutput;
import org.bookinglifecycle.kit.SetBasedBaseline;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.DatabaseChoice;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bench engine behind {@code bench JOB}: the job against the single set-based
 * statement doing the same work, on identical databases (cloned from one seeded
 * template), interleaved in pairs after a warm-up pair, with a platform simulator
 * measuring what single-row updates feel. Prints rows/s of both, their ratio and its
 * median, the job's peak heap, WAL written, chunk-time p50/p99 and the platform's p99
 * latency idle, during the statement and during the job, and the layout of audit_logs
 * both sides ran on (partitioned when asked: the template is converted before the pairs).
 * Timings are measured here, never asserted.
 */
public final class Bench {

	/** The job that converts audit_logs into its partitioned layout. */
	static final String CONVERSION_JOB = "partition-audit-logs";

	private final Options options;

	/**
	 * What to measure.
	 *
	 * @param job the job
	 * @param bookings bookings to seed
	 * @param pairs measured pairs after the warm-up
	 * @param chunkSize the job's chunkSize
	 * @param rate platform simulator updates per second
	 * @param seed seed of the data
	 * @param partitioned whether the template's audit_logs is converted to its
	 * partitioned layout (by {@value #CONVERSION_JOB}, after the baseline's template
	 * jobs) before the pairs, so that both sides run on the partitioned table
	 */
	public record Options(String job, long bookings, int pairs, int chunkSize, int rate, long seed,
			boolean partitioned) {

	}

	public Bench(Options options) {
		this.options = options;
	}

	/**
	 * Run the bench on the server of {@code runtime}, printing to {@code console}.
	 * @param runtime the database and jobs
	 * @param console where to print
	 */
	public void run(LifecycleRuntime runtime, OpsOutput console) {
		String job = this.options.job();
		check(this.options);
		SetBasedBaseline baseline = baseline(runtime, job);
		PlatformSeeder.Options options = PlatformSeeder.Options.of(this.options.bookings(), 8, this.options.seed(),
				null);
		LocalDate asOf = options.until();
		DatabaseTarget server = runtime.migratedDatabase();
		DatabaseTarget template = BenchDatabases.migrated(server, "bench_template");
		PlatformSeeder.Result seeded = new PlatformSeeder(template.dataSource()).seed(options);
		console.line(
				"bench %s: %,d bookings seeded in %.0fs, chunkSize %d, %d pairs after a warm-up, "
						+ "platform simulator %d updates/s",
				job, this.options.bookings(), seeded.took().toSeconds() * 1.0, this.options.chunkSize(),
				this.options.pairs(), this.options.rate());
		prepareTemplate(template, baseline, asOf, this.options.partitioned(), console);
		List<Pair> results = new ArrayList<>();
		try {
			for (int pair = 0; pair <= this.options.pairs(); pair++) {
				Pair measured = pair(server, baseline, asOf, pair);
				if (pair == 0) {
					console.line("warm-up: job %,d rows in %.1fs, statement in %.1fs", measured.job.rows,
							measured.job.seconds(), measured.set.seconds());
				}
				else {
					results.add(measured);
				}
			}
		}
		finally {
			BenchDatabases.drop(server, "bench_job");
			BenchDatabases.drop(server, "bench_set");
		}
		print(results, server, console);
	}

	private static void check(Options options) {
		if (options.pairs() < 1 || options.pairs() > 50) {
			throw new BadUsageException("--pairs=" + options.pairs() + " is not allowed: expected 1 to 50.");
		}
		if (options.rate() < 1 || options.rate() > 5000) {
			throw new BadUsageException("--rate=" + options.rate() + " is not allowed: expected 1 to 5000.");
		}
		if (options.partitioned() && CONVERSION_JOB.equals(options.job())) {
			throw new BadUsageException("--partitioned does not apply to " + CONVERSION_JOB
					+ ": it converts the plain table (and refuses a partitioned one); bench it without --partitioned.");
		}
	}

	private static SetBasedBaseline baseline(LifecycleRuntime runtime, String job) {
		var baselines = runtime.context().getBeansOfType(SetBasedBaseline.class).values();
		return baselines.stream()
			.filter((b) -> b.job().equals(job))
			.findFirst()
			.orElseThrow(() -> new BadUsageException("There is no bench for '" + job + "': benches exist for "
					+ String.join(", ", baselines.stream().map(SetBasedBaseline::job).sorted().toList())
					+ "; `bench night` measures a whole night."));
	}

	/**
	 * One pair: two fresh clones of the template, the job on one and the statement on the
	 * other, in alternating order; both must have done the same work on the same layout.
	 */
	private Pair pair(DatabaseTarget server, SetBasedBaseline baseline, LocalDate asOf, int number) {
		BenchDatabases.recreate(server, "bench_job", "bench_template");
		BenchDatabases.recreate(server, "bench_set", "bench_template");
		Run jobRun = null;
		Run setRun = null;
		for (boolean jobFirst : (number % 2 == 0) ? List.of(true, false) : List.of(false, true)) {
			if (jobFirst) {
				jobRun = runJob(server.withDatabase("bench_job"), baseline, asOf, this.options.job(),
						this.options.chunkSize(), this.options.bookings(), this.options.rate());
			}
			else {
				setRun = runSetBased(server.withDatabase("bench_set"), baseline, asOf, this.options.bookings(),
						this.options.rate());
			}
		}
		// the job skips rows the simulated platform holds locked at that instant (taken
		// next run)
		if (Math.abs(jobRun.rows - setRun.rows) > Math.max(10, setRun.rows / 100)) {
			throw new IllegalStateException(
					"job and statement did different work: " + jobRun.rows + " vs " + setRun.rows + " rows");
		}
		if (!jobRun.layout.equals(setRun.layout)) {
			throw new IllegalStateException("job and statement ran on different layouts of audit_logs: " + jobRun.layout
					+ " vs " + setRun.layout);
		}
		return new Pair(number, jobRun, setRun);
	}

	private static void print(List<Pair> results, DatabaseTarget server, OpsOutput console) {
		List<List<String>> rows = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		List<Long> idle = new ArrayList<>();
		List<Long> duringJob = new ArrayList<>();
		List<Long> duringSet = new ArrayList<>();
		long jobLockTimeouts = 0;
		long setLockTimeouts = 0;
		for (Pair pair : results) {
			double ratio = pair.job.rowsPerSecond() / pair.set.rowsPerSecond();
			ratios.add(ratio);
			rows.add(List.of(String.valueOf(pair.number), String.format("%,d / %,d", pair.job.rows, pair.set.rows),
					String.format("%,.0f", pair.job.rowsPerSecond()), String.format("%,.0f", pair.set.rowsPerSecond()),
					String.format("%.2f", ratio), String.format("%.0f", pair.job.peakHeapMb),
					String.format("%.1f", pair.job.walMb), String.format("%.1f", pair.set.walMb),
					String.format("%.1f", pair.job.chunkP50Ms), String.format("%.1f", pair.job.chunkP99Ms)));
			idle.addAll(pair.job.idle);
			idle.addAll(pair.set.idle);
			duringJob.addAll(pair.job.during);
			duringSet.addAll(pair.set.during);
			jobLockTimeouts += pair.job.lockTimeouts;
			setLockTimeouts += pair.set.lockTimeouts;
		}
		console.table(List.of("pair", "rows job / statement", "job rows/s", "statement rows/s", "ratio",
				"job peak heap MB", "job WAL MB", "statement WAL MB", "chunk p50 ms", "chunk p99 ms"), rows);
		console.line("median ratio job/statement: %.2f", median(ratios));
		console.line("audit_logs on both sides: %s", results.get(0).job.layout);
		console.line(
				"platform update p99: idle %.1f ms, during the statement %.1f ms, during the job %.1f ms; "
						+ "platform lock timeouts (5 s): %d during the statement, %d during the job",
				PlatformSimulator.percentileMillis(idle, 0.99), PlatformSimulator.percentileMillis(duringSet, 0.99),
				PlatformSimulator.percentileMillis(duringJob, 0.99), setLockTimeouts, jobLockTimeouts);
		console.line("machine: %d cores, %s, Java %s, %s", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.arch"), System.getProperty("java.version"),
				new JdbcTemplate(server.dataSource()).queryForObject("SELECT version()", String.class).split(",")[0]);
	}

	/**
	 * The median: the middle value, or the mean of the two middle values of an even
	 * count.
	 * @param values the values, at least one
	 * @return their median
	 */
	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/**
	 * Run the baseline's template jobs on the seeded template (for both sides: the clones
	 * are taken after), each to completion; then, with {@code partitioned}, convert its
	 * audit_logs unless a template job already did.
	 */
	private static void prepareTemplate(DatabaseTarget template, SetBasedBaseline baseline, LocalDate asOf,
			boolean partitioned, OpsOutput console) {
		List<String> jobs = new ArrayList<>(baseline.templateJobs());
		if (partitioned && !jobs.contains(CONVERSION_JOB)) {
			jobs.add(CONVERSION_JOB);
		}
		if (jobs.isEmpty()) {
			return;
		}
		try (LifecycleRuntime onTemplate = new LifecycleRuntime(
				new DatabaseChoice(template.url(), template.user(), template.password(), null))) {
			JobOperations control = onTemplate.bean(JobOperations.class);
			for (String prepare : jobs) {
				long started = System.nanoTime();
				JobExecution execution = control.run(prepare,
						control.parameters(prepare, List.of("asOf=" + asOf), false));
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					throw new IllegalStateException(
							"preparing the template: " + prepare + " ended " + execution.getStatus());
				}
				console.line("template: %s in %.0fs", prepare, (System.nanoTime() - started) / 1e9);
			}
		}
	}

	private static Run runJob(DatabaseTarget database, SetBasedBaseline baseline, LocalDate asOf, String job,
			int chunkSize, long bookings, int rate) {
		DatabaseChoice choice = new DatabaseChoice(database.url(), database.user(), database.password(), null);
		try (LifecycleRuntime runtime = new LifecycleRuntime(choice)) {
			JobOperations control = runtime.bean(JobOperations.class);
			JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
			var parameters = control.parameters(job, List.of("asOf=" + asOf, "chunkSize=" + chunkSize), false);
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			Metrics.addRegistry(meters);
			Run run = new Run();
			run.measure(database, jdbc, baseline, () -> {
				JobExecution execution = control.run(job, parameters);
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					throw new IllegalStateException("the job ended " + execution.getStatus());
				}
			}, bookings, rate);
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

	private static Run runSetBased(DatabaseTarget database, SetBasedBaseline baseline, LocalDate asOf, long bookings,
			int rate) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		Run run = new Run();
		run.measure(database, jdbc, baseline, () -> baseline.run(jdbc, asOf), bookings, rate);
		return run;
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

		String layout;

		void measure(DatabaseTarget database, JdbcTemplate jdbc, SetBasedBaseline baseline, Runnable work, long maxId,
				int rate) {
			long doneBefore = baseline.done(jdbc);
			this.layout = BenchDatabases.auditLogsLayout(jdbc);
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
