package org.bookinglifecycle.notify;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.Resource;

import static org.bookinglifecycle.kit.definition.YamlNodes.key;
import static org.bookinglifecycle.kit.definition.YamlNodes.value;

/**
 * The relay's settings, read from {@code jobs/notifications.yml} with the line of every
 * value, checked as a whole when the daemon starts: an unknown key or channel type, a
 * route naming no channel, a bad duration, or an enabled channel whose secret's
 * environment variable is not set stops the start (exit 2) naming the file and the line.
 * Secrets are read from the environment here and are never printed.
 *
 * @param source the file, as shown in messages
 * @param pollInterval how often the daemon polls
 * @param batchSize deliveries per transaction
 * @param retry attempts and backoff of a failing delivery
 * @param channels every channel, by name, in file order
 * @param routes the routes, in file order
 */
public record NotificationSettings(String source, Duration pollInterval, int batchSize, Retry retry,
		Map<String, ChannelSettings> channels, List<Route> routes) {

	/** The file's name in {@code jobs/}. */
	public static final String FILE = "notifications.yml";

	/** The channel types. */
	public static final Set<String> TYPES = Set.of("email", "telegram", "webhook");

	/** The severities, lowest first. */
	public static final List<String> SEVERITIES = List.of("info", "warning", "critical");

	private static final Set<String> TOP_KEYS = Set.of("poll-interval", "batch-size", "retry", "channels", "routes");

	private static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff", "max-backoff");

	private static final Map<String, Set<String>> CHANNEL_KEYS = Map.of("email",
			Set.of("type", "enabled", "host", "port", "from", "to", "username", "password-env", "starttls"), "telegram",
			Set.of("type", "enabled", "base-url", "token-env", "chat-id-env"), "webhook",
			Set.of("type", "enabled", "url", "secret-env", "timeout"));

	private static final Set<String> ROUTE_KEYS = Set.of("events", "min-severity", "channels");

	/**
	 * The settings in effect: {@code notifications.yml} of the job definitions (no file:
	 * no channel), secrets from the environment.
	 * @param definitions the job definitions and suite settings
	 * @param environment the environment variables (normally {@code System::getenv})
	 * @return the settings
	 * @throws BadUsageException naming the file and the line of the first problem
	 */
	public static NotificationSettings load(JobDefinitions definitions, Function<String, String> environment) {
		Resource resource = definitions.files().get(FILE);
		if (resource == null) {
			return new NotificationSettings("jobs/" + FILE + " (absent)", Duration.ofSeconds(10), 100,
					new Retry(8, Duration.ofSeconds(30), Duration.ofHours(1)), Map.of(), List.of());
		}
		String where = describe(resource);
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			return parse(where, reader, environment);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + where, ex);
		}
	}

	/**
	 * Settings from a text (tests).
	 * @param where the file, as shown in messages
	 * @param yaml the text
	 * @param environment the environment variables
	 * @return the settings
	 */
	public static NotificationSettings parse(String where, String yaml, Function<String, String> environment) {
		return parse(where, new StringReader(yaml), environment);
	}

	private static NotificationSettings parse(String where, Reader reader, Function<String, String> environment) {
		Node root;
		try {
			root = new Yaml(new LoaderOptions()).compose(reader);
		}
		catch (RuntimeException ex) {
			throw new BadUsageException("Notification settings " + where + " are not valid YAML: "
					+ ex.getMessage().lines().findFirst().orElse("") + ".");
		}
		Parser parser = new Parser(where, environment);
		if (!(root instanceof MappingNode top)) {
			throw new BadUsageException("Notification settings " + where + ": the file must hold a notifications:"
					+ " block (see the packaged jobs/notifications.yml).");
		}
		parser.keys(top, "", Set.of("notifications"));
		Node block = value(top, "notifications");
		if (block == null) {
			throw parser.problem(top, "notifications: is missing");
		}
		return parser.settings(parser.mapping(block, "notifications"));
	}

	/**
	 * The channels that deliver.
	 * @return the enabled channels, by name
	 */
	public Map<String, ChannelSettings> enabledChannels() {
		Map<String, ChannelSettings> enabled = new LinkedHashMap<>();
		this.channels.forEach((name, channel) -> {
			if (channel.enabled()) {
				enabled.put(name, channel);
			}
		});
		return enabled;
	}

	/**
	 * The routes as the routing statement takes them: LIKE patterns, the minimum rank,
	 * and only enabled channels; a route left with none is dropped.
	 * @return JSON for {@code route-events.sql}
	 */
	public String routesJson() {
		StringBuilder json = new StringBuilder("[");
		for (Route route : this.routes) {
			List<String> enabled = route.channels().stream().filter((c) -> this.channels.get(c).enabled()).toList();
			if (enabled.isEmpty()) {
				continue;
			}
			json.append((json.length() > 1) ? "," : "").append("{\"patterns\":[");
			json.append(String.join(",", route.events().stream().map((e) -> quote(like(e))).toList()));
			json.append("],\"min_rank\":").append(SEVERITIES.indexOf(route.minSeverity())).append(",\"channels\":[");
			json.append(String.join(",", enabled.stream().map(NotificationSettings::quote).toList())).append("]}");
		}
		return json.append(']').toString();
	}

	/** A glob ({@code alert.*}) as a LIKE pattern, LIKE's own wildcards escaped. */
	static String like(String glob) {
		return glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
	}

	private static String quote(String text) {
		// names and patterns are checked to hold no quote or backslash but LIKE's escapes
		return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static String describe(Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().toPath().toString() : "jobs/" + FILE + " (packaged)";
		}
		catch (IOException ex) {
			return "jobs/" + FILE;
		}
	}

	/**
	 * How a failing delivery is retried.
	 *
	 * @param attempts attempts in all, the first included; then it is dead-lettered
	 * @param backoff the wait after the first failure, doubled after each next one
	 * @param maxBackoff the longest wait
	 */
	public record Retry(int attempts, Duration backoff, Duration maxBackoff) {

		/**
		 * The wait after a failure.
		 * @param failures the failures so far, this one included (1 or more)
		 * @return backoff times 2^(failures-1), at most maxBackoff
		 */
		public Duration after(int failures) {
			Duration wait = this.backoff;
			for (int i = 1; i < failures && wait.compareTo(this.maxBackoff) < 0; i++) {
				wait = wait.multipliedBy(2);
			}
			return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
		}

	}

	/**
	 * One channel.
	 *
	 * @param name its name, as routes and deliveries name it
	 * @param type email, telegram or webhook
	 * @param enabled whether it delivers
	 * @param values its settings by key (names of variables, not secrets)
	 * @param to an email channel's recipients
	 * @param secrets the secrets read from the environment, by key (e.g.
	 * {@code secret-env}); empty for a disabled channel
	 */
	public record ChannelSettings(String name, String type, boolean enabled, Map<String, String> values,
			List<String> to, Map<String, String> secrets) {

		/**
		 * A setting.
		 * @param key its key
		 * @return its value, or {@code null}
		 */
		public String value(String key) {
			return this.values.get(key);
		}

		@Override
		public String toString() {
			// never the secrets
			return "channel " + this.name + " (" + this.type + (this.enabled ? "" : ", disabled") + ")";
		}

	}

	/**
	 * One route.
	 *
	 * @param events event types, exact or globs with {@code *}
	 * @param minSeverity the lowest severity it takes
	 * @param channels the channels it sends to
	 */
	public record Route(List<String> events, String minSeverity, List<String> channels) {

	}

	/** The walk over the file's nodes, every problem naming its line. */
	private static final class Parser {

		private final String where;

		private final Function<String, String> environment;

		Parser(String where, Function<String, String> environment) {
			this.where = where;
			this.environment = environment;
		}

		NotificationSettings settings(MappingNode block) {
			keys(block, "notifications.", TOP_KEYS);
			Duration poll = duration(block, "poll-interval", "notifications.", Duration.ofSeconds(10));
			int batch = number(block, "batch-size", "notifications.", 100, 1, 1000);
			Retry retry = new Retry(8, Duration.ofSeconds(30), Duration.ofHours(1));
			Node retryNode = value(block, "retry");
			if (retryNode != null) {
				MappingNode retryMap = mapping(retryNode, "notifications.retry");
				keys(retryMap, "notifications.retry.", RETRY_KEYS);
				retry = new Retry(number(retryMap, "attempts", "notifications.retry.", 8, 1, 50),
						duration(retryMap, "backoff", "notifications.retry.", Duration.ofSeconds(30)),
						duration(retryMap, "max-backoff", "notifications.retry.", Duration.ofHours(1)));
				if (retry.maxBackoff().compareTo(retry.backoff()) < 0) {
					throw problem(value(retryMap, "max-backoff"),
							"notifications.retry.max-backoff is shorter than backoff; allowed: at least backoff");
				}
			}
			Map<String, ChannelSettings> channels = new LinkedHashMap<>();
			Node channelsNode = value(block, "channels");
			if (channelsNode != null) {
				for (NodeTuple tuple : mapping(channelsNode, "notifications.channels").getValue()) {
					String name = key(tuple);
					if (!name.matches("[a-z][a-z0-9-]{0,62}")) {
						throw problem(tuple.getKeyNode(), "notifications.channels." + name
								+ " is not a channel name; allowed: lowercase letters, digits and '-', starting with a"
								+ " letter, at most 63");
					}
					channels.put(name, channel(name, tuple.getValueNode()));
				}
			}
			List<Route> routes = new ArrayList<>();
			Node routesNode = value(block, "routes");
			if (routesNode != null) {
				if (!(routesNode instanceof SequenceNode list)) {
					throw problem(routesNode, "notifications.routes must be a list of routes (- events: ...)");
				}
				for (Node routeNode : list.getValue()) {
					routes.add(route(routeNode, channels));
				}
			}
			return new NotificationSettings(this.where, poll, batch, retry, channels, routes);
		}

		private ChannelSettings channel(String name, Node node) {
			String at = "notifications.channels." + name;
			MappingNode channel = mapping(node, at);
			String type = scalar(channel, "type", at + ".", null);
			if (type == null) {
				throw problem(node, at + ".type is missing; allowed: " + String.join(", ", new TreeSet<>(TYPES)));
			}
			if (!TYPES.contains(type)) {
				throw problem(value(channel, "type"), at + ".type '" + type + "' is not a channel type; allowed: "
						+ String.join(", ", new TreeSet<>(TYPES)));
			}
			keys(channel, at + ".", CHANNEL_KEYS.get(type));
			boolean enabled = bool(channel, "enabled", at + ".", true);
			Map<String, String> values = new LinkedHashMap<>();
			Map<String, String> secrets = new LinkedHashMap<>();
			List<String> to = new ArrayList<>();
			switch (type) {
				case "email" -> {
					values.put("host", required(channel, "host", at));
					values.put("port", String.valueOf(number(channel, "port", at + ".", 25, 1, 65535)));
					values.put("from", address(channel, "from", at));
					Node toNode = value(channel, "to");
					if (!(toNode instanceof SequenceNode list) || list.getValue().isEmpty()) {
						throw problem((toNode != null) ? toNode : node,
								at + ".to must list the recipients' addresses, e.g. [ops@example.com]");
					}
					for (Node recipient : list.getValue()) {
						String address = (recipient instanceof ScalarNode s) ? s.getValue() : "";
						if (!address.matches("[^@\\s]+@[^@\\s]+")) {
							throw problem(recipient, at + ".to holds '" + address + "', not an address");
						}
						to.add(address);
					}
					String username = scalar(channel, "username", at + ".", null);
					if (username != null) {
						values.put("username", username);
					}
					values.put("starttls", String.valueOf(bool(channel, "starttls", at + ".", false)));
					secret(channel, "password-env", at, enabled, false, secrets);
				}
				case "telegram" -> {
					values.put("base-url", url(channel, "base-url", at, "https://api.telegram.org"));
					secret(channel, "token-env", at, enabled, true, secrets);
					secret(channel, "chat-id-env", at, enabled, true, secrets);
				}
				default -> {
					values.put("url", url(channel, "url", at, null));
					values.put("timeout", duration(channel, "timeout", at + ".", Duration.ofSeconds(10)).toString());
					secret(channel, "secret-env", at, enabled, true, secrets);
				}
			}
			return new ChannelSettings(name, type, enabled, values, List.copyOf(to), secrets);
		}

		private void secret(MappingNode channel, String key, String at, boolean enabled, boolean needed,
				Map<String, String> secrets) {
			String variable = scalar(channel, key, at + ".", null);
			if (variable == null) {
				if (needed) {
					throw problem(channel, at + "." + key + " is missing: name the environment variable that holds"
							+ " the secret (the secret itself never goes in this file)");
				}
				return;
			}
			if (!variable.matches("[A-Z_][A-Z0-9_]{0,127}")) {
				throw problem(value(channel, key), at + "." + key + " '" + variable
						+ "' is not an environment variable's name; allowed: upper-case letters, digits and '_'");
			}
			if (!enabled) {
				return;
			}
			String secret = this.environment.apply(variable);
			if (secret == null || secret.isBlank()) {
				throw problem(value(channel, key), at + "." + key + " names " + variable
						+ ", which is not set in the environment; set it, or disable the channel (enabled: false)");
			}
			secrets.put(key, secret);
		}

		private Route route(Node node, Map<String, ChannelSettings> channels) {
			MappingNode route = mapping(node, "notifications.routes[]");
			keys(route, "notifications.routes[].", ROUTE_KEYS);
			List<String> events = new ArrayList<>();
			for (Node event : list(route, "events", node)) {
				String type = ((ScalarNode) event).getValue();
				if (!type.matches("[a-z0-9_.*-]{1,50}")) {
					throw problem(event, "notifications.routes[].events holds '" + type
							+ "'; allowed: an event type (lowercase letters, digits, '.', '_', '-'), * matching any"
							+ " characters");
				}
				events.add(type);
			}
			String severity = scalar(route, "min-severity", "notifications.routes[].", "info");
			if (!SEVERITIES.contains(severity)) {
				throw problem(value(route, "min-severity"), "notifications.routes[].min-severity '" + severity
						+ "' is not a severity; allowed: " + String.join(", ", SEVERITIES));
			}
			List<String> names = new ArrayList<>();
			for (Node channel : list(route, "channels", node)) {
				String name = ((ScalarNode) channel).getValue();
				if (!channels.containsKey(name)) {
					throw problem(channel,
							"notifications.routes[].channels names '" + name
									+ "', which is not a channel; the channels are "
									+ (channels.isEmpty() ? "none" : String.join(", ", channels.keySet())));
				}
				names.add(name);
			}
			return new Route(List.copyOf(events), severity, List.copyOf(names));
		}

		private List<Node> list(MappingNode mapping, String key, Node owner) {
			Node node = value(mapping, key);
			if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()
					|| !list.getValue().stream().allMatch(ScalarNode.class::isInstance)) {
				throw problem((node != null) ? node : owner,
						"notifications.routes[]." + key + " must be a list of one or more names, e.g. [a, b]");
			}
			return list.getValue();
		}

		private String required(MappingNode mapping, String key, String at) {
			String value = scalar(mapping, key, at + ".", null);
			if (value == null || value.isBlank()) {
				throw problem(mapping, at + "." + key + " is missing");
			}
			return value;
		}

		private String address(MappingNode mapping, String key, String at) {
			String value = required(mapping, key, at);
			if (!value.matches("[^@\\s]+@[^@\\s]+")) {
				throw problem(value(mapping, key), at + "." + key + " '" + value + "' is not an address");
			}
			return value;
		}

		private String url(MappingNode mapping, String key, String at, String otherwise) {
			String value = scalar(mapping, key, at + ".", otherwise);
			if (value == null) {
				throw problem(mapping, at + "." + key + " is missing");
			}
			try {
				URI uri = new URI(value);
				if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
					return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
				}
			}
			catch (URISyntaxException ex) {
				// reported below
			}
			throw problem((value(mapping, key) != null) ? value(mapping, key) : mapping,
					at + "." + key + " '" + value + "' is not allowed; allowed: an http:// or https:// URL");
		}

		private Duration duration(MappingNode mapping, String key, String at, Duration otherwise) {
			String text = scalar(mapping, key, at, null);
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
			throw problem(value(mapping, key), at + key + " '" + text
					+ "' is not allowed; allowed: a positive duration such as 500ms, 30s, 5m, 1h or PT1H");
		}

		private int number(MappingNode mapping, String key, String at, int otherwise, int min, int max) {
			String text = scalar(mapping, key, at, null);
			if (text == null) {
				return otherwise;
			}
			try {
				int number = Integer.parseInt(text);
				if (number >= min && number <= max) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw problem(value(mapping, key),
					at + key + " '" + text + "' is not allowed; allowed: a whole number from " + min + " to " + max);
		}

		private boolean bool(MappingNode mapping, String key, String at, boolean otherwise) {
			String text = scalar(mapping, key, at, String.valueOf(otherwise));
			if (!text.equals("true") && !text.equals("false")) {
				throw problem(value(mapping, key), at + key + " '" + text + "' is not allowed; allowed: true or false");
			}
			return Boolean.parseBoolean(text);
		}

		private String scalar(MappingNode mapping, String key, String at, String otherwise) {
			Node node = value(mapping, key);
			if (node == null) {
				return otherwise;
			}
			if (!(node instanceof ScalarNode scalar)) {
				throw problem(node, at + key + " must be a single value");
			}
			return scalar.getValue();
		}

		MappingNode mapping(Node node, String at) {
			if (!(node instanceof MappingNode mapping)) {
				throw problem(node, at + " must be a block of settings");
			}
			return mapping;
		}

		void keys(MappingNode mapping, String at, Set<String> allowed) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (!allowed.contains(key(tuple))) {
					throw problem(tuple.getKeyNode(), at + key(tuple) + " is not a setting; allowed: "
							+ String.join(", ", new TreeSet<>(allowed)));
				}
			}
		}

		BadUsageException problem(Node node, String message) {
			return new BadUsageException("Notification settings " + this.where + ", line "
					+ (node.getStartMark().getLine() + 1) + ": " + message + ".");
		}

	}

}
