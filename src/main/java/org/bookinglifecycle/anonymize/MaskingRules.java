package org.bookinglifecycle.anonymize;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import org.springframework.core.io.Resource;

import static org.bookinglifecycle.kit.definition.YamlNodes.key;
import static org.bookinglifecycle.kit.definition.YamlNodes.value;

/**
 * The masking rules of {@code jobs/anonymize-guests.yml} ({@code anonymize:}), read with
 * their line numbers so a bad rule is named where it is: the limit ({@code after}), one
 * rule per booking_history column, one per JSON key path of the audit payloads, one for
 * {@code audit_logs.ip_address}.
 *
 * @param after how long after check-out a stay is masked
 * @param columns the history columns' rules
 * @param paths the JSON path rules ({@code key} anywhere, or {@code parent.key})
 * @param ipAddress the rule of {@code audit_logs.ip_address}, or {@code null}
 * @param problems what is wrong, each naming file and line; empty when valid
 */
public record MaskingRules(Period after, Map<String, Rule> columns, Map<String, Rule> paths, Rule ipAddress,
		List<String> problems) {

	/**
	 * The history columns that hold guest personal data, the only ones a rule may name.
	 */
	public static final Set<String> COLUMNS = Set.of("guest_name", "guest_email", "guest_phone", "special_requests");

	/** The strategies; all but {@code pseudonym} are irreversible. */
	public static final Set<String> STRATEGIES = Set.of("constant", "template", "pseudonym", "partial-email",
			"partial-phone", "ip-truncate", "null");

	/** The environment variable holding the pseudonym secret. */
	public static final String SECRET_VARIABLE = "LIFECYCLE_PSEUDONYM_KEY";

	private static final String FILE = "jobs/anonymize-guests.yml";

	/**
	 * One rule.
	 *
	 * @param strategy one of {@link #STRATEGIES}
	 * @param value the constant or template, else {@code null}
	 */
	public record Rule(String strategy, String value) {

		/**
		 * As the SQL functions read it.
		 * @return {@code {"strategy": ..., "value": ...}}
		 */
		public String toJson() {
			return "{\"strategy\": " + quote(this.strategy)
					+ ((this.value != null) ? ", \"value\": " + quote(this.value) : "") + "}";
		}

	}

	/**
	 * The same rules with every pseudonym replaced by {@code null}: what an erasure
	 * applies (it never keeps a pseudonym, which whoever holds the key can reverse).
	 * @return irreversible rules
	 */
	public MaskingRules irreversible() {
		return new MaskingRules(this.after, irreversible(this.columns), irreversible(this.paths),
				(this.ipAddress != null && this.ipAddress.strategy().equals("pseudonym")) ? new Rule("null", null)
						: this.ipAddress,
				this.problems);
	}

	private static Map<String, Rule> irreversible(Map<String, Rule> rules) {
		Map<String, Rule> result = new LinkedHashMap<>();
		rules.forEach(
				(key, rule) -> result.put(key, rule.strategy().equals("pseudonym") ? new Rule("null", null) : rule));
		return result;
	}

	/**
	 * Whether a rule needs the pseudonym secret.
	 * @return {@code true} if any rule is a keyed pseudonym
	 */
	public boolean needsSecret() {
		return all().stream().anyMatch((rule) -> rule.strategy().equals("pseudonym"));
	}

	/**
	 * What a row masked by these rules is: anonymized only when every rule is
	 * irreversible.
	 * @return {@code anonymized} or {@code pseudonymized}
	 */
	public String method() {
		return needsSecret() ? "pseudonymized" : "anonymized";
	}

	/**
	 * The column rules as JSON.
	 * @return {@code {"guest_name": {...}, ...}}
	 */
	public String columnsJson() {
		return json(this.columns);
	}

	/**
	 * The path rules as JSON.
	 * @return {@code {"guest.email": {...}, ...}}
	 */
	public String pathsJson() {
		return json(this.paths);
	}

	/**
	 * A regular expression (PostgreSQL's) that matches the text of a JSON document
	 * holding a key a path rule names, at any depth ({@code "(email|payer_name)":}): a
	 * document that does not match holds nothing the rules mask, and is neither walked
	 * nor rewritten. Characters other than letters, digits and {@code _} are escaped.
	 * @return the pattern; one that matches nothing when there is no path rule
	 */
	public String keysPattern() {
		List<String> keys = this.paths.keySet()
			.stream()
			.map((path) -> path.substring(path.lastIndexOf('.') + 1))
			.distinct()
			.sorted()
			.map((key) -> key.replaceAll("([^A-Za-z0-9_])", "\\\\$1"))
			.toList();
		return keys.isEmpty() ? "$^" : "\"(" + String.join("|", keys) + ")\":";
	}

	/**
	 * A short fingerprint of the rules in force, recorded with every masked row.
	 * @return 12 hex digits of SHA-256 over the rules
	 */
	public String version() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((this.after + columnsJson() + pathsJson()
						+ ((this.ipAddress != null) ? this.ipAddress.toJson() : ""))
					.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every rule: columns, paths and the ip-address rule.
	 * @return the rules
	 */
	List<Rule> all() {
		List<Rule> all = new ArrayList<>(this.columns.values());
		all.addAll(this.paths.values());
		if (this.ipAddress != null) {
			all.add(this.ipAddress);
		}
		return all;
	}

	private static String json(Map<String, Rule> rules) {
		StringBuilder json = new StringBuilder("{");
		rules.forEach((key, rule) -> json.append((json.length() > 1) ? ", " : "")
			.append(quote(key))
			.append(": ")
			.append(rule.toJson()));
		return json.append('}').toString();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * Read the rules.
	 * @param resource {@code jobs/anonymize-guests.yml} in effect, or {@code null}
	 * @return the rules, with their problems
	 */
	public static MaskingRules load(Resource resource) {
		List<String> problems = new ArrayList<>();
		if (resource == null) {
			problems.add(FILE + " is missing");
			return new MaskingRules(Period.ofYears(2), Map.of(), Map.of(), null, problems);
		}
		Node root;
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			root = new Yaml(new LoaderOptions()).compose(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		MappingNode anonymize = (root instanceof MappingNode top) ? mapping(value(top, "anonymize")) : null;
		if (anonymize == null) {
			problems.add(FILE + ": anonymize: is missing; it holds after, columns, json and ip-address");
			return new MaskingRules(Period.ofYears(2), Map.of(), Map.of(), null, problems);
		}
		for (NodeTuple tuple : anonymize.getValue()) {
			String key = key(tuple);
			if (!Set.of("after", "columns", "json", "ip-address").contains(key)) {
				problems.add(at(tuple.getKeyNode()) + "anonymize." + key
						+ " is not a setting; allowed: after, columns, json, ip-address");
			}
		}
		Period after = Period.ofYears(2);
		Node afterNode = value(anonymize, "after");
		if (afterNode == null) {
			problems.add(FILE + ": anonymize.after is missing; allowed: a period such as P2Y or P18M");
		}
		else {
			String text = scalar(afterNode);
			try {
				after = Period.parse(text);
				if (after.isNegative() || after.isZero()) {
					problems.add(at(afterNode) + "anonymize.after '" + text + "' must be positive, such as P2Y");
				}
			}
			catch (DateTimeException ex) {
				problems.add(at(afterNode) + "anonymize.after '" + text
						+ "' is not a period; allowed: an ISO period such as P2Y or P18M");
			}
		}
		Map<String, Rule> columns = rules(anonymize, "columns", COLUMNS, problems);
		Map<String, Rule> paths = rules(anonymize, "json", null, problems);
		Rule ip = null;
		Node ipNode = value(anonymize, "ip-address");
		if (ipNode != null) {
			ip = rule(ipNode, "anonymize.ip-address", problems);
		}
		return new MaskingRules(after, columns, paths, ip, List.copyOf(problems));
	}

	private static Map<String, Rule> rules(MappingNode anonymize, String block, Set<String> allowed,
			List<String> problems) {
		Map<String, Rule> rules = new LinkedHashMap<>();
		Node node = value(anonymize, block);
		if (node == null) {
			return rules;
		}
		MappingNode map = mapping(node);
		if (map == null) {
			problems.add(at(node) + "anonymize." + block + " must be a block of rules, one per "
					+ ((allowed != null) ? "column" : "JSON key path"));
			return rules;
		}
		for (NodeTuple tuple : map.getValue()) {
			String name = key(tuple);
			if (allowed != null && !allowed.contains(name)) {
				problems.add(at(tuple.getKeyNode()) + "anonymize." + block + "." + name
						+ " is not a column holding guest data; allowed: " + String.join(", ", new TreeSet<>(allowed)));
				continue;
			}
			if (allowed == null && !name.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?")) {
				problems.add(at(tuple.getKeyNode()) + "anonymize." + block + "." + name
						+ " is not a key path; allowed: key (anywhere in the document) or parent.key");
				continue;
			}
			Rule rule = rule(tuple.getValueNode(), "anonymize." + block + "." + name, problems);
			if (rule != null) {
				rules.put(name, rule);
			}
		}
		return rules;
	}

	private static Rule rule(Node node, String where, List<String> problems) {
		MappingNode map = mapping(node);
		if (map == null) {
			problems.add(at(node) + where + " must be a rule: {strategy: ..., value: ...}");
			return null;
		}
		for (NodeTuple tuple : map.getValue()) {
			if (!Set.of("strategy", "value").contains(key(tuple))) {
				problems.add(at(tuple.getKeyNode()) + where + "." + key(tuple)
						+ " is not a setting of a rule; allowed: strategy, value");
			}
		}
		Node strategyNode = value(map, "strategy");
		String strategy = (strategyNode != null) ? scalar(strategyNode) : null;
		if (strategy == null || !STRATEGIES.contains(strategy)) {
			problems.add(at((strategyNode != null) ? strategyNode : node) + where + ".strategy "
					+ ((strategy == null) ? "is missing" : "'" + strategy + "' is not a strategy") + "; allowed: "
					+ String.join(", ", new TreeSet<>(STRATEGIES)));
			return null;
		}
		Node valueNode = value(map, "value");
		String value = (valueNode != null) ? scalar(valueNode) : null;
		boolean needsValue = strategy.equals("constant") || strategy.equals("template");
		if (needsValue && value == null) {
			problems.add(at(node) + where + ": strategy " + strategy + " needs a value");
		}
		if (!needsValue && value != null) {
			problems.add(at(valueNode) + where + ": strategy " + strategy + " takes no value");
		}
		if (strategy.equals("template") && value != null && !value.contains("{id}")) {
			problems.add(at(valueNode) + where + ": a template must contain {id} (the booking id), else use constant");
		}
		return new Rule(strategy, value);
	}

	private static String at(Node node) {
		return FILE + ", line " + (node.getStartMark().getLine() + 1) + ": ";
	}

	private static MappingNode mapping(Node node) {
		return (node instanceof MappingNode map) ? map : null;
	}

	private static String scalar(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

}
