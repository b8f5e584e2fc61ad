package org.bookinglifecycle.kit.definition;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.bookinglifecycle.kit.definition.YamlNodes.key;
import static org.bookinglifecycle.kit.definition.YamlNodes.value;

/**
 * The job definitions and suite settings in {@code jobs/*.yml}, found by convention:
 * every file packaged in the jar, then every file of the override directory
 * ({@code ./jobs} by default), a file there replacing the packaged one of the same name.
 * A file defines a job when it has a top-level {@code job:} block (the job's name is the
 * file's); every other file holds suite settings for their owners. Every file's keys
 * become Spring properties (rules, periods), bound by the package that owns them. Read
 * without Spring and without a database, so {@code jobs} and {@code --help} are instant.
 * A definition that is not valid stops any command with a message naming the file, the
 * line and what is allowed.
 */
public final class JobDefinitions {

	/** The system property naming the override directory (default {@code ./jobs}). */
	public static final String DIRECTORY_PROPERTY = "lifecycle.jobs.dir";

	private static final Set<String> JOB_KEYS = Set.of("summary", "kind", "restart", "partitioned", "parameters",
			"defaults", "schedule");

	private static final Set<String> SCHEDULE_KEYS = Set.of("cron", "time-zone", "after", "enabled", "chain", "misfire",
			"catch-up-window", "retry", "parameters");

	private static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff", "max-backoff");

	private static final Set<String> PARAMETER_KEYS = Set.of("type", "default", "description", "choices", "max",
			"identifying", "required");

	private final Map<String, Resource> files;

	private final Map<String, LifecycleJobSpec> jobs;

	private JobDefinitions(Map<String, Resource> files, Map<String, LifecycleJobSpec> jobs) {
		this.files = files;
		this.jobs = jobs;
	}

	/**
	 * The definitions in effect: packaged ones, and those of the override directory (the
	 * system property {@value #DIRECTORY_PROPERTY}, else the environment variable
	 * {@code LIFECYCLE_JOBS_DIR}, else {@code ./jobs}).
	 * @return the definitions
	 * @throws BadUsageException naming file and line when one is not valid
	 */
	public static JobDefinitions load() {
		String dir = System.getProperty(DIRECTORY_PROPERTY, System.getenv("LIFECYCLE_JOBS_DIR"));
		if (dir == null || dir.isBlank()) {
			return load(Path.of("jobs"));
		}
		if (!Files.isDirectory(Path.of(dir))) {
			// a directory named on purpose that is not there: never run on the packaged
			// rules
			// as if the operator's copies were in force
			throw new BadUsageException("The job definitions directory '" + dir + "' (LIFECYCLE_JOBS_DIR or -D"
					+ DIRECTORY_PROPERTY + ") is not a directory; name an existing one, or unset it to use ./jobs.");
		}
		return load(Path.of(dir));
	}

	/**
	 * The definitions packaged in the jar, overridden by those of a directory.
	 * @param overrides the directory of ops-edited copies (need not exist)
	 * @return the definitions
	 */
	public static JobDefinitions load(Path overrides) {
		Map<String, Resource> files = new TreeMap<>();
		Map<String, Resource> packagedFiles = new TreeMap<>();
		try {
			for (Resource packaged : new PathMatchingResourcePatternResolver().getResources("classpath*:jobs/*.yml")) {
				files.put(packaged.getFilename(), packaged);
				packagedFiles.put(packaged.getFilename(), packaged);
			}
			if (Files.isDirectory(overrides)) {
				try (Stream<Path> local = Files.list(overrides)) {
					local.filter((p) -> p.getFileName().toString().endsWith(".yml"))
						.forEach((p) -> files.put(p.getFileName().toString(), new FileSystemResource(p)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the job definitions", ex);
		}
		Map<String, LifecycleJobSpec> jobs = new TreeMap<>();
		for (Map.Entry<String, Resource> file : files.entrySet()) {
			LifecycleJobSpec spec = parse(file.getKey(), file.getValue());
			if (spec != null) {
				jobs.put(spec.name(), spec);
			}
			else if (file.getValue() != packagedFiles.get(file.getKey()) && packagedFiles.containsKey(file.getKey())
					&& parse(file.getKey(), packagedFiles.get(file.getKey())) != null) {
				throw new BadUsageException("Job definition " + describe(file.getKey(), file.getValue())
						+ " replaces the packaged definition of a job but has no job: block; copy the packaged "
						+ "file's job: block into it.");
			}
		}
		checkChains(jobs);
		return new JobDefinitions(files, jobs);
	}

	/**
	 * Every job defined, by name.
	 * @return the specs
	 */
	public List<LifecycleJobSpec> jobs() {
		return List.copyOf(this.jobs.values());
	}

	/**
	 * The spec of one job.
	 * @param name the job name
	 * @return its spec
	 * @throws BadUsageException naming the jobs there are
	 */
	public LifecycleJobSpec spec(String name) {
		LifecycleJobSpec spec = this.jobs.get(name);
		if (spec == null) {
			throw new BadUsageException(
					"Unknown job '" + name + "': the jobs are " + String.join(", ", this.jobs.keySet()) + ".");
		}
		return spec;
	}

	/**
	 * Every file in effect (job definitions and suite settings), by file name.
	 * @return the files
	 */
	public Map<String, Resource> files() {
		return this.files;
	}

	/**
	 * The keys of a suite-settings file that nothing reads, each with its line: under
	 * every block named in {@code allowed} (a dotted path such as {@code retention} or
	 * {@code purge.job-history}), each key that block does not list. Blocks not named are
	 * not looked into. Spring's binding ignores such keys, so a typo would otherwise run
	 * silently on a default.
	 * @param fileName the file, e.g. {@code purge-retention.yml}
	 * @param allowed the keys each block may hold, by the block's dotted path
	 * @return the problems, each naming the line, the key and the keys allowed there
	 */
	public List<String> unknownSettings(String fileName, Map<String, Set<String>> allowed) {
		Resource resource = this.files.get(fileName);
		if (resource == null) {
			return List.of();
		}
		Node root;
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			root = new Yaml(new LoaderOptions()).compose(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + describe(fileName, resource), ex);
		}
		List<String> problems = new ArrayList<>();
		allowed.forEach((path, keys) -> {
			Node block = root;
			for (String part : path.split("\\.")) {
				block = (block instanceof MappingNode mapping) ? value(mapping, part) : null;
			}
			if (block instanceof MappingNode mapping) {
				for (NodeTuple tuple : mapping.getValue()) {
					if (!keys.contains(key(tuple))) {
						problems.add("line " + (tuple.getKeyNode().getStartMark().getLine() + 1) + ": " + path + "."
								+ key(tuple) + " is not a setting; allowed: " + String.join(", ", new TreeSet<>(keys)));
					}
				}
			}
		});
		return problems;
	}

	/**
	 * The chains the scheduler runs: one per job with a cron, with the jobs that follow
	 * it ({@code after:}, transitively) in run order.
	 * @return the chains, by name
	 */
	public List<JobChain> chains() {
		List<JobChain> chains = new ArrayList<>();
		for (LifecycleJobSpec job : this.jobs.values()) {
			if (job.schedule() != null && job.schedule().cron() != null) {
				List<LifecycleJobSpec> members = new ArrayList<>();
				addChain(job, members);
				chains.add(new JobChain(job.schedule().chain(), job, List.copyOf(members)));
			}
		}
		chains.sort(Comparator.comparing(JobChain::name));
		return chains;
	}

	/**
	 * The chain of that name.
	 * @param name the chain's name
	 * @return the chain, or {@code null}
	 */
	public JobChain chain(String name) {
		return chains().stream().filter((c) -> c.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * The order a demo (or a first night) runs every job in: one-off migrations first,
	 * then the nightly chain as the schedules order it (a job right after the one it
	 * names in {@code after:}), then nightly jobs without a schedule; jobs run on request
	 * (they need a guest's identity) are left out.
	 * @return the jobs in run order
	 */
	public List<LifecycleJobSpec> runOrder() {
		List<LifecycleJobSpec> order = new ArrayList<>();
		this.jobs.values().stream().filter((j) -> j.kind() == JobKind.ONE_OFF).forEach(order::add);
		List<LifecycleJobSpec> nightly = this.jobs.values()
			.stream()
			.filter((j) -> j.kind() == JobKind.NIGHTLY && j.schedule() != null && j.schedule().after() == null)
			.toList();
		for (LifecycleJobSpec root : nightly) {
			addChain(root, order);
		}
		this.jobs.values()
			.stream()
			.filter((j) -> j.kind() == JobKind.NIGHTLY && !order.contains(j))
			.sorted(Comparator.comparing(LifecycleJobSpec::name))
			.forEach(order::add);
		return order;
	}

	private void addChain(LifecycleJobSpec job, List<LifecycleJobSpec> order) {
		if (!order.contains(job)) {
			order.add(job);
		}
		this.jobs.values()
			.stream()
			.filter((j) -> j.schedule() != null && job.name().equals(j.schedule().after()))
			.forEach((next) -> addChain(next, order));
	}

	private static void checkChains(Map<String, LifecycleJobSpec> jobs) {
		Map<String, String> chainHeads = new TreeMap<>();
		for (LifecycleJobSpec job : jobs.values()) {
			String chain = (job.schedule() != null) ? job.schedule().chain() : null;
			if (chain == null) {
				continue;
			}
			if (jobs.containsKey(chain)) {
				throw new BadUsageException("Job definition " + job.source() + ": schedule.chain '" + chain
						+ "' is the name of a job; a chain needs a name of its own.");
			}
			String other = chainHeads.put(chain, job.name());
			if (other != null) {
				throw new BadUsageException("Job definition " + job.source() + ": schedule.chain '" + chain
						+ "' is already the chain of " + other + "; each chain needs a name of its own.");
			}
		}
		for (LifecycleJobSpec job : jobs.values()) {
			Set<String> seen = new HashSet<>();
			LifecycleJobSpec at = job;
			while (at.schedule() != null && at.schedule().after() != null) {
				String after = at.schedule().after();
				if (!jobs.containsKey(after)) {
					throw new BadUsageException("Job definition " + at.source() + ": schedule.after names '" + after
							+ "', which is not a job; the jobs are " + String.join(", ", jobs.keySet()) + ".");
				}
				if (!seen.add(after)) {
					throw new BadUsageException("Job definition " + job.source()
							+ ": schedule.after makes a cycle through " + String.join(" -> ", seen) + ".");
				}
				at = jobs.get(after);
			}
		}
	}

	private static LifecycleJobSpec parse(String fileName, Resource resource) {
		String where = describe(fileName, resource);
		Node root;
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			root = new Yaml(new LoaderOptions()).compose(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + where, ex);
		}
		catch (RuntimeException ex) {
			throw new BadUsageException("Job definition " + where + " is not valid YAML: "
					+ ex.getMessage().lines().findFirst().orElse("") + ".");
		}
		if (root == null) {
			return null;
		}
		if (!(root instanceof MappingNode top)) {
			throw problem(where, root, "the file must be a mapping of settings");
		}
		Node job = value(top, "job");
		if (job == null) {
			return null;
		}
		String name = fileName.substring(0, fileName.length() - ".yml".length());
		MappingNode definition = mapping(where, job, "job");
		checkKeys(where, definition, "job", JOB_KEYS);
		String summary = required(where, definition, "job.summary");
		String restart = required(where, definition, "job.restart");
		String kindText = required(where, definition, "job.kind");
		JobKind kind;
		try {
			kind = JobKind.of(kindText);
		}
		catch (IllegalArgumentException ex) {
			throw problem(where, value(definition, "kind"), "job." + ex.getMessage());
		}
		List<ParameterSpec> parameters = new ArrayList<>(RunParameters.COMMON);
		if (Boolean.parseBoolean(scalar(where, definition, "partitioned", "job.partitioned", "false"))) {
			parameters.add(RunParameters.GRID_SIZE_SPEC);
		}
		Node defaults = value(definition, "defaults");
		if (defaults != null) {
			// the job's own defaults of parameters every job takes (a conversion that
			// copies
			// in larger chunks than the suite's 1000, say)
			MappingNode defaultsMap = mapping(where, defaults, "job.defaults");
			for (NodeTuple tuple : defaultsMap.getValue()) {
				String common = key(tuple);
				int at = -1;
				for (int i = 0; i < parameters.size(); i++) {
					if (parameters.get(i).name().equals(common)) {
						at = i;
					}
				}
				if (at < 0 || common.equals(RunParameters.AS_OF) || common.equals(RunParameters.DRY_RUN)) {
					throw problem(where, tuple.getKeyNode(),
							"job.defaults." + common
									+ " is not a parameter whose default a job may set; allowed: chunkSize, maxRuntime,"
									+ " throttle, and gridSize for a partitioned job");
				}
				String text = scalar(where, defaultsMap, common, "job.defaults", null);
				try {
					parameters.get(at).parse(text);
				}
				catch (BadUsageException ex) {
					throw problem(where, tuple.getValueNode(), "job.defaults." + common + ": " + ex.getMessage());
				}
				parameters.set(at, parameters.get(at).withDefault(text));
			}
		}
		Node own = value(definition, "parameters");
		if (own != null) {
			for (NodeTuple tuple : mapping(where, own, "job.parameters").getValue()) {
				parameters.add(parameter(where, key(tuple), tuple.getValueNode()));
			}
		}
		JobSchedule schedule = schedule(where, value(definition, "schedule"), parameters, name);
		return new LifecycleJobSpec(name, summary, kind, restart, List.copyOf(parameters), schedule, where);
	}

	private static ParameterSpec parameter(String where, String name, Node node) {
		String at = "job.parameters." + name;
		MappingNode definition = mapping(where, node, at);
		checkKeys(where, definition, at, PARAMETER_KEYS);
		if (RunParameters.COMMON.stream().anyMatch((p) -> p.name().equals(name))
				|| name.equals(RunParameters.GRID_SIZE)) {
			throw problem(where, node, at + " is a parameter every job already takes; choose another name");
		}
		String typeText = required(where, definition, at + ".type");
		ParameterSpec.Type type;
		try {
			type = ParameterSpec.Type.valueOf(typeText.toUpperCase().replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw problem(where, value(definition, "type"), at + ".type is '" + typeText
					+ "'; allowed: date, boolean, integer, duration, choice, name, email, new-file");
		}
		ParameterSpec spec = new ParameterSpec(name, type,
				Boolean.parseBoolean(scalar(where, definition, "identifying", at, "false")),
				Boolean.parseBoolean(scalar(where, definition, "required", at, "false")),
				scalar(where, definition, "default", at, null), required(where, definition, at + ".description"),
				List.of(), Long.MAX_VALUE);
		Node max = value(definition, "max");
		if (max != null) {
			try {
				spec = spec.atMost(Long.parseLong(scalar(where, definition, "max", at, null)));
			}
			catch (NumberFormatException ex) {
				throw problem(where, max, at + ".max must be a whole number");
			}
		}
		if (type == ParameterSpec.Type.CHOICE) {
			Node choices = value(definition, "choices");
			if (!(choices instanceof SequenceNode list) || list.getValue().isEmpty()) {
				throw problem(where, (choices != null) ? choices : node, at + ".choices must list the allowed values");
			}
			spec = spec.oneOf(list.getValue().stream().map((n) -> ((ScalarNode) n).getValue()).toArray(String[]::new));
		}
		if (spec.defaultValue() != null) {
			try {
				spec.parse(spec.defaultValue());
			}
			catch (BadUsageException ex) {
				throw problem(where, value(definition, "default"), at + ".default: " + ex.getMessage());
			}
		}
		return spec;
	}

	private static JobSchedule schedule(String where, Node node, List<ParameterSpec> parameters, String job) {
		if (node == null) {
			return null;
		}
		MappingNode schedule = mapping(where, node, "job.schedule");
		checkKeys(where, schedule, "job.schedule", SCHEDULE_KEYS);
		String cron = scalar(where, schedule, "cron", "job.schedule", null);
		String after = scalar(where, schedule, "after", "job.schedule", null);
		String zone = scalar(where, schedule, "time-zone", "job.schedule", "UTC");
		String enabledText = scalar(where, schedule, "enabled", "job.schedule", "true");
		if (!enabledText.equals("true") && !enabledText.equals("false")) {
			throw problem(where, value(schedule, "enabled"),
					"job.schedule.enabled '" + enabledText + "' is not allowed; allowed: true or false");
		}
		if ((cron == null) == (after == null)) {
			throw problem(where, node, "job.schedule needs either cron (a night of its own) or after (the job it "
					+ "follows in the nightly chain), not both");
		}
		if (cron != null) {
			try {
				CronExpression.validateExpression(cron);
			}
			catch (ParseException ex) {
				throw problem(where, value(schedule, "cron"), "job.schedule.cron '" + cron + "' is not valid ("
						+ ex.getMessage() + "); allowed: a Quartz cron, seconds first, e.g. '0 0 2 * * ?' for 02:00");
			}
		}
		try {
			ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw problem(where, value(schedule, "time-zone"), "job.schedule.time-zone '" + zone
					+ "' is not a time zone; allowed: a zone id such as UTC or " + "Europe/Berlin");
		}
		String chain = scalar(where, schedule, "chain", "job.schedule", null);
		if (chain != null && cron == null) {
			throw problem(where, value(schedule, "chain"),
					"job.schedule.chain names the chain a job with a cron heads; a job with after: belongs to its"
							+ " head's chain");
		}
		if (chain != null && !chain.matches("[a-z][a-z0-9-]{0,62}")) {
			throw problem(where, value(schedule, "chain"), "job.schedule.chain '" + chain
					+ "' is not allowed; allowed: lowercase letters, digits and '-', starting with a letter");
		}
		if (cron != null && chain == null) {
			chain = JobSchedule.defaultChainName(job);
		}
		String misfireText = scalar(where, schedule, "misfire", "job.schedule", JobSchedule.Misfire.CATCH_UP.label());
		JobSchedule.Misfire misfire = Arrays.stream(JobSchedule.Misfire.values())
			.filter((m) -> m.label().equals(misfireText))
			.findFirst()
			.orElseThrow(() -> problem(where, value(schedule, "misfire"), "job.schedule.misfire '" + misfireText
					+ "' is not allowed; allowed: catch-up (run a missed night once, within catch-up-window), skip"));
		Duration window = duration(where, schedule, "catch-up-window", "job.schedule",
				JobSchedule.DEFAULT_CATCH_UP_WINDOW);
		JobSchedule.Retry retry = null;
		Node retryNode = value(schedule, "retry");
		if (retryNode != null) {
			JobSchedule.Retry base = JobSchedule.Retry.DEFAULT;
			MappingNode retryMap = mapping(where, retryNode, "job.schedule.retry");
			checkKeys(where, retryMap, "job.schedule.retry", RETRY_KEYS);
			String attemptsText = scalar(where, retryMap, "attempts", "job.schedule.retry",
					String.valueOf(base.attempts()));
			int attempts;
			try {
				attempts = Integer.parseInt(attemptsText);
			}
			catch (NumberFormatException ex) {
				attempts = 0;
			}
			if (attempts < 1 || attempts > 20) {
				throw problem(where, value(retryMap, "attempts"), "job.schedule.retry.attempts '" + attemptsText
						+ "' is not allowed; allowed: 1 (never retried) to 20, the first run included");
			}
			retry = new JobSchedule.Retry(attempts,
					duration(where, retryMap, "backoff", "job.schedule.retry", base.backoff()),
					duration(where, retryMap, "max-backoff", "job.schedule.retry", base.maxBackoff()));
		}
		List<String> given = new ArrayList<>();
		Node parametersNode = value(schedule, "parameters");
		if (parametersNode != null) {
			MappingNode parametersMap = mapping(where, parametersNode, "job.schedule.parameters");
			for (NodeTuple tuple : parametersMap.getValue()) {
				String name = key(tuple);
				ParameterSpec spec = parameters.stream().filter((p) -> p.name().equals(name)).findFirst().orElse(null);
				if (spec == null || name.equals(RunParameters.AS_OF) || name.equals(RunParameters.DRY_RUN)) {
					throw problem(where, tuple.getKeyNode(), "job.schedule.parameters." + name
							+ " is not a parameter a scheduled run may set (the night gives asOf, and a "
							+ "scheduled run is never a dry run); allowed: "
							+ parameters.stream()
								.map(ParameterSpec::name)
								.filter((n) -> !n.equals(RunParameters.AS_OF) && !n.equals(RunParameters.DRY_RUN))
								.collect(Collectors.joining(", ")));
				}
				String text = scalar(where, parametersMap, name, "job.schedule.parameters", null);
				try {
					spec.parse(text);
				}
				catch (BadUsageException ex) {
					throw problem(where, tuple.getValueNode(),
							"job.schedule.parameters." + name + ": " + ex.getMessage());
				}
				given.add(name + "=" + text);
			}
		}
		return new JobSchedule(cron, zone, after, Boolean.parseBoolean(enabledText), chain, misfire, window, retry,
				List.copyOf(given));
	}

	private static Duration duration(String where, MappingNode mapping, String key, String at, Duration otherwise) {
		String text = scalar(where, mapping, key, at, null);
		if (text == null) {
			return otherwise;
		}
		try {
			Duration duration = DurationStyle.detectAndParse(text);
			if (!duration.isNegative() && !duration.isZero()) {
				return duration;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw problem(where, value(mapping, key), at + "." + key + " '" + text
				+ "' is not allowed; allowed: a positive duration such as 30s, 5m, 6h or PT6H");
	}

	private static void checkKeys(String where, MappingNode mapping, String at, Set<String> allowed) {
		for (NodeTuple tuple : mapping.getValue()) {
			if (!allowed.contains(key(tuple))) {
				throw problem(where, tuple.getKeyNode(), at + "." + key(tuple) + " is not a setting; allowed: "
						+ String.join(", ", new TreeSet<>(allowed)));
			}
		}
	}

	private static String required(String where, MappingNode mapping, String path) {
		String key = path.substring(path.lastIndexOf('.') + 1);
		String value = scalar(where, mapping, key, path.substring(0, path.lastIndexOf('.')), null);
		if (value == null || value.isBlank()) {
			throw problem(where, mapping, path + " is missing");
		}
		return value;
	}

	private static String scalar(String where, MappingNode mapping, String key, String at, String otherwise) {
		Node node = value(mapping, key);
		if (node == null) {
			return otherwise;
		}
		if (!(node instanceof ScalarNode scalar)) {
			throw problem(where, node, at + "." + key + " must be a single value");
		}
		return scalar.getValue();
	}

	private static MappingNode mapping(String where, Node node, String at) {
		if (!(node instanceof MappingNode mapping)) {
			throw problem(where, node, at + " must be a block of settings");
		}
		return mapping;
	}

	private static BadUsageException problem(String where, Node node, String message) {
		return new BadUsageException(
				"Job definition " + where + ", line " + (node.getStartMark().getLine() + 1) + ": " + message + ".");
	}

	private static String describe(String fileName, Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().toPath().toString() : "jobs/" + fileName + " (packaged)";
		}
		catch (IOException ex) {
			return "jobs/" + fileName;
		}
	}

}
