package org.bookinglifecycle.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.OpsOutput;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.bookinglifecycle.lab.seed.PlatformDay;
import org.bookinglifecycle.lab.seed.PlatformSeeder;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine behind {@code bench night}: a whole night at scale, each job in a JVM of its
 * own. On a database of its own ({@value #DATABASE}, on the server the command runs
 * against), it seeds a platform of {@code bookings} whose history ends on day D
 * (yesterday, UTC); runs the one-off jobs of the job definitions (asOf D-1) and the first
 * run of the nightly jobs named (asOf D-1: the backlog of a database that predates the
 * suite); the first night (asOf D: every job of the nightly chains, in the chains'
 * order); writes one day of the platform (day D: its new bookings, their events, logins,
 * the day's check-ins and check-outs); then the second night (asOf D+1, one day's work).
 * For each job it prints its time, rows, rows/s and the peak heap of its JVM, and for
 * each phase the total. Timings are measured here, never asserted.
 */
public final class NightBench {

	/** The bench's database on the server. */
	static final String DATABASE = "bench_night";

	/** Years of seeded history, as {@code bench JOB} seeds. */
	static final int YEARS = 8;

	private static final String ONE_OFFS = "one-offs";

	private static final String EXECUTION = """
			SELECT e.status, e.exit_code, EXTRACT(EPOCH FROM e.end_time - e.start_time) AS seconds,
			  (SELECT COALESCE(max(GREATEST(s.read_count, s.write_count)), 0) FROM batch_step_execution s
			   WHERE s.job_execution_id = e.job_execution_id AND strpos(s.step_name, ':') = 0) AS rows
			FROM batch_job_execution e WHERE e.job_execution_id = ?
			""";

	private final Options options;

	/**
	 * What to measure.
	 *
	 * @param bookings bookings to seed
	 * @param seed seed of the data
	 * @param maxRuntime {@code maxRuntime} of each nightly job's run (first runs
	 * included), or {@code null} for none; one-off jobs always run to their end
	 * @param firstRuns nightly jobs run once before the first night, with the one-offs
	 * @param skip jobs left out everywhere (say {@code partition-audit-logs}, for the
	 * night on the plain table)
	 * @param jobHeap the {@code -Xmx} of each job's JVM ({@code 256m})
	 * @param jvmOptions more options of each job's JVM, after its heap
	 * @param mainClass the main class of the CLI, which each job's JVM runs as
	 * {@code run JOB asOf=...}
	 */
	public record Options(long bookings, long seed, String maxRuntime, List<String> firstRuns, List<String> skip,
			String jobHeap, List<String> jvmOptions, String mainClass) {

	}

	/**
	 * One job to run.
	 *
	 * @param phase the phase it belongs to
	 * @param job the job
	 * @param arguments its {@code name=value} parameters
	 */
	record Planned(String phase, String job, List<String> arguments) {

	}

	/**
	 * What one job's JVM did.
	 *
	 * @param planned what was run
	 * @param exit the JVM's exit code
	 * @param status the execution's status (or what the exit code says without one)
	 * @param seconds the execution's time, start to end, in the job repository
	 * @param rows items of its largest step
	 * @param peakMb the most heap in use
	 * @param liveMb the most heap still in use after a collection
	 * @param processSeconds the JVM's time from start to exit
	 */
	record Measured(Planned planned, int exit, String status, double seconds, long rows, double peakMb, double liveMb,
			double processSeconds) {

		boolean failed() {
			return !"COMPLETED".equals(this.status) && !"STOPPED".equals(this.status);
		}

		String rowsText() {
			return (this.rows > 0) ? String.format("%,d", this.rows) : "-";
		}

		String rowsPerSecond() {
			return (this.rows > 0 && this.seconds > 0) ? String.format("%,.0f", this.rows / this.seconds) : "-";
		}

	}

	public NightBench(Options options) {
		this.options = options;
	}

	/**
	 * Run the bench on the server of {@code runtime}, printing to {@code console}.
	 * @param runtime the database and the job definitions
	 * @param console where to print
	 * @return whether every job completed (or stopped at its {@code maxRuntime})
	 */
	public boolean run(LifecycleRuntime runtime, OpsOutput console) {
		LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
		PlatformSeeder.Options seedOptions = PlatformSeeder.Options.of(this.options.bookings(), YEARS,
				this.options.seed(), day);
		List<List<Planned>> phases = plan(runtime.definitions(), day);
		JobOperations control = runtime.bean(JobOperations.class);
		phases.forEach((phase) -> phase.forEach((run) -> control.parameters(run.job(), run.arguments(), false)));
		DatabaseTarget night = BenchDatabases.migrated(runtime.migratedDatabase(), DATABASE);
		JdbcTemplate jdbc = new JdbcTemplate(night.dataSource());
		PlatformSeeder.Result seeded = new PlatformSeeder(night.dataSource()).seed(seedOptions);
		console.line(
				"bench night: %,d bookings seeded in %.0fs (%,d active, %,d in the legacy history, %,d audit rows),"
						+ " history up to %s",
				this.options.bookings(), seeded.took().toMillis() / 1000.0, seeded.activeBookings(),
				seeded.historyRows(), seeded.auditRows(), day);
		phases.forEach((phase) -> console.line("  %s: %s", phase.get(0).phase(),
				String.join(", ", phase.stream().map(Planned::job).toList())));
		Path logs = logDirectory();
		List<Measured> measured = new ArrayList<>();
		for (int i = 0; i < phases.size(); i++) {
			if (i == phases.size() - 1) {
				writeDay(night, day, console);
			}
			for (Planned run : phases.get(i)) {
				Measured result = runJob(run, night, jdbc,
						logs.resolve(String.format("%02d-%s", measured.size() + 1, run.job())));
				measured.add(result);
				console.line("  %-9s %-24s %-9s %8.1fs %10s rows %9s rows/s  heap %4.0f MB", run.phase(), run.job(),
						result.status(), result.seconds(), result.rowsText(), result.rowsPerSecond(), result.peakMb());
			}
		}
		print(measured, phases, console);
		footer(jdbc, logs, console);
		return measured.stream().noneMatch(Measured::failed);
	}

	/**
	 * The phases and their jobs, from the job definitions: the one-off jobs and the first
	 * runs (asOf D-1), the first night (asOf D), the second night (asOf D+1).
	 */
	List<List<Planned>> plan(JobDefinitions definitions, LocalDate day) {
		for (String name : this.options.skip()) {
			definitions.spec(name);
		}
		List<LifecycleJobSpec> chains = nightJobs(definitions);
		for (String first : this.options.firstRuns()) {
			if (chains.stream().noneMatch((job) -> job.name().equals(first))) {
				throw new BadUsageException("--first-runs: '" + first + "' is not a job of the night; the night runs "
						+ String.join(", ", chains.stream().map(LifecycleJobSpec::name).toList()) + ".");
			}
		}
		List<LifecycleJobSpec> night = chains.stream()
			.filter((job) -> !this.options.skip().contains(job.name()))
			.toList();
		if (night.isEmpty()) {
			throw new BadUsageException("bench night: --skip leaves no job in the night.");
		}
		List<Planned> oneOffs = new ArrayList<>();
		definitions.runOrder()
			.stream()
			.filter((job) -> job.kind() == JobKind.ONE_OFF && !this.options.skip().contains(job.name()))
			.forEach((job) -> oneOffs.add(new Planned(ONE_OFFS, job.name(), List.of(asOf(day.minusDays(1))))));
		night.stream()
			.filter((job) -> this.options.firstRuns().contains(job.name()))
			.forEach((job) -> oneOffs.add(new Planned(ONE_OFFS, job.name(), limited(List.of(asOf(day.minusDays(1)))))));
		List<List<Planned>> phases = new ArrayList<>();
		if (!oneOffs.isEmpty()) {
			phases.add(oneOffs);
		}
		phases.add(night(night, "night 1", day));
		phases.add(night(night, "night 2", day.plusDays(1)));
		return phases;
	}

	/** The jobs of the nightly chains, in their order, without those disabled. */
	private static List<LifecycleJobSpec> nightJobs(JobDefinitions definitions) {
		List<LifecycleJobSpec> night = new ArrayList<>();
		for (JobChain chain : definitions.chains()) {
			chain.members()
				.stream()
				.filter((job) -> job.schedule().enabled())
				.filter((job) -> !night.contains(job))
				.forEach(night::add);
		}
		if (night.isEmpty()) {
			throw new BadUsageException("bench night: the job definitions have no nightly chain to run.");
		}
		return night;
	}

	private List<Planned> night(List<LifecycleJobSpec> jobs, String phase, LocalDate asOf) {
		List<Planned> runs = new ArrayList<>();
		for (LifecycleJobSpec job : jobs) {
			List<String> arguments = new ArrayList<>(job.schedule().parameters());
			arguments.add(asOf(asOf));
			runs.add(new Planned(phase, job.name(), limited(arguments)));
		}
		return runs;
	}

	/** The arguments with the bench's maxRuntime, unless none is set or one is given. */
	private List<String> limited(List<String> arguments) {
		String prefix = RunParameters.MAX_RUNTIME + "=";
		if (this.options.maxRuntime() == null || arguments.stream().anyMatch((a) -> a.startsWith(prefix))) {
			return arguments;
		}
		List<String> limited = new ArrayList<>(arguments);
		limited.add(prefix + this.options.maxRuntime());
		return List.copyOf(limited);
	}

	private static String asOf(LocalDate day) {
		return RunParameters.AS_OF + "=" + day;
	}

	private void writeDay(DatabaseTarget night, LocalDate day, OpsOutput console) {
		long bookings = PlatformDay.bookingsPerDay(this.options.bookings(), YEARS);
		PlatformDay.Result written = new PlatformDay(night.dataSource()).write(day, bookings, this.options.seed());
		console.line("  day %s: %,d bookings created, %,d audit rows, %,d check-ins, %,d check-outs, written in %.1fs",
				day, written.bookings(), written.auditRows(), written.checkIns(), written.checkOuts(),
				written.took().toMillis() / 1000.0);
	}

	/** One job in a JVM of its own: {@code run JOB ARGS} of the CLI. */
	private Measured runJob(Planned run, DatabaseTarget night, JdbcTemplate jdbc, Path files) {
		Path log = Path.of(files + ".log");
		Path heap = Path.of(files + ".heap");
		List<String> args = new ArrayList<>(List.of(heap.toString(), this.options.mainClass(), "run", run.job()));
		args.addAll(run.arguments());
		args.addAll(List.of("--db-url", night.url()));
		if (night.user() != null) {
			args.addAll(List.of("--db-user", night.user()));
		}
		List<String> jvm = new ArrayList<>(List.of("-Xmx" + this.options.jobHeap()));
		jvm.addAll(this.options.jvmOptions());
		ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(jvm, PeakHeapMain.class.getName(), args))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		if (night.password() != null) {
			builder.environment().put("SPRING_DATASOURCE_PASSWORD", night.password());
		}
		long started = System.nanoTime();
		int exit;
		try {
			exit = builder.start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a JVM for " + run.job(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while " + run.job() + " ran", ex);
		}
		double processSeconds = (System.nanoTime() - started) / 1e9;
		Properties used = heap(heap);
		double peak = Long.parseLong(used.getProperty(PeakHeapMain.PEAK, "0")) / 1048576.0;
		double live = Long.parseLong(used.getProperty(PeakHeapMain.LIVE, "0")) / 1048576.0;
		Long execution = executionId(log, run.job());
		if (execution == null) {
			return new Measured(run, exit, "exit " + exit, processSeconds, 0, peak, live, processSeconds);
		}
		Map<String, Object> row = jdbc.queryForMap(EXECUTION, execution);
		Number seconds = (Number) row.get("seconds");
		return new Measured(run, exit, (String) row.get("status"),
				(seconds != null) ? seconds.doubleValue() : processSeconds, ((Number) row.get("rows")).longValue(),
				peak, live, processSeconds);
	}

	/**
	 * The execution the CLI reported in its log ({@code JOB execution N: STATUS ...}).
	 */
	static Long executionId(Path log, String job) {
		try {
			Matcher matcher = Pattern.compile("^" + Pattern.quote(job) + " execution (\\d+): ", Pattern.MULTILINE)
				.matcher(Files.readString(log, StandardCharsets.UTF_8));
			return matcher.find() ? Long.valueOf(matcher.group(1)) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Properties heap(Path file) {
		Properties properties = new Properties();
		if (Files.exists(file)) {
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				properties.load(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return properties;
	}

	private void print(List<Measured> measured, List<List<Planned>> phases, OpsOutput console) {
		List<List<String>> rows = new ArrayList<>();
		for (List<Planned> phase : phases) {
			String name = phase.get(0).phase();
			List<Measured> ran = measured.stream().filter((m) -> m.planned().phase().equals(name)).toList();
			for (Measured m : ran) {
				rows.add(List.of(name, m.planned().job(), m.status(), String.format("%.1f", m.seconds()), m.rowsText(),
						m.rowsPerSecond(), String.format("%.0f", m.peakMb()), String.format("%.0f", m.liveMb()),
						String.format("%.1f", m.processSeconds())));
			}
			rows.add(List.of(name, "total", ran.stream().anyMatch(Measured::failed) ? "FAILED" : "",
					String.format("%.1f", ran.stream().mapToDouble(Measured::seconds).sum()), "", "",
					String.format("%.0f", ran.stream().mapToDouble(Measured::peakMb).max().orElse(0)),
					String.format("%.0f", ran.stream().mapToDouble(Measured::liveMb).max().orElse(0)),
					String.format("%.1f", ran.stream().mapToDouble(Measured::processSeconds).sum())));
		}
		console.line("");
		console.table(
				List.of("phase", "job", "status", "time s", "rows", "rows/s", "peak heap MB", "live heap MB", "JVM s"),
				rows);
	}

	private void footer(JdbcTemplate jdbc, Path logs, OpsOutput console) {
		console.line("each job ran as `run JOB` in a JVM of its own with -Xmx%s: time is its execution's, start to end;"
				+ " rows the items of its largest step (- when its steps count none); peak heap the most in use at a"
				+ " collection or at exit, live the most still in use after one; JVM s the process, start included;"
				+ " a phase's total sums the times and takes the largest heap", this.options.jobHeap());
		console.line("audit_logs at the end: %s", BenchDatabases.auditLogsLayout(jdbc));
		console.line("PostgreSQL: %s; max_locks_per_transaction %s, shared_buffers %s, work_mem %s",
				jdbc.queryForObject("SELECT version()", String.class).split(",")[0],
				jdbc.queryForObject("SHOW max_locks_per_transaction", String.class),
				jdbc.queryForObject("SHOW shared_buffers", String.class),
				jdbc.queryForObject("SHOW work_mem", String.class));
		console.line("machine: %d cores, %s, Java %s", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.arch"), System.getProperty("java.version"));
		console.line("each job's output: %s", logs);
	}

	private static Path logDirectory() {
		try {
			return Files.createTempDirectory("bench-night-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
