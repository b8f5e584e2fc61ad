package org.bookinglifecycle.alerts;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.Resource;

import static org.bookinglifecycle.kit.definition.YamlNodes.key;
import static org.bookinglifecycle.kit.definition.YamlNodes.value;

/**
 * The alert rules of {@code jobs/alerts.yml} ({@code alerts:}), read with their line
 * numbers so that a bad setting is named where it is: how often the daemon evaluates, and
 * per known rule its severity, threshold, window, runbook line and whether it is enabled.
 * A rule the file leaves out is not evaluated.
 *
 * @param every how long between two evaluations
 * @param rules the rules configured, in the file's order
 */
public record AlertRules(Duration every, List<AlertRule> rules) {

	/**
	 * The rules there are (each a query {@code sql/alerts/rules/<name>.sql}), and whether
	 * each takes a window.
	 */
	public static final Map<String, Boolean> KNOWN = known();

	/** The severities. */
	public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

	/** The file's name in {@code jobs/}. */
	public static final String FILE = "alerts.yml";

	private static final Set<String> RULE_KEYS = Set.of("severity", "threshold", "window", "runbook", "enabled");

	private static Map<String, Boolean> known() {
		Map<String, Boolean> known = new LinkedHashMap<>();
		known.put("archive-failure-rate", true);
		known.put("audit-log-volume", true);
		known.put("data-integrity", false);
		known.put("job-overdue", true);
		known.put("night-gave-up", true);
		known.put("long-running-execution", false);
		known.put("default-partition-rows", false);
		known.put("retention-overdue", false);
		known.put("anonymization-overdue", true);
		known.put("outbox-backlog", true);
		return Map.copyOf(known);
	}

	/**
	 * The rule of that name, if configured.
	 * @param name the rule
	 * @return the rule, or {@code null}
	 */
	public AlertRule rule(String name) {
		return this.rules.stream().filter((r) -> r.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * Read and check the rules.
	 * @param resource {@code jobs/alerts.yml} in effect, or {@code null} when there is
	 * none
	 * @param where how to name the file in messages
	 * @return the rules
	 * @throws BadUsageException naming the file, the line and what is allowed
	 */
	public static AlertRules load(Resource resource, String where) {
		if (resource == null) {
			throw new BadUsageException("Alert rules jobs/" + FILE + " are missing: the daemon evaluates the rules of"
					+ " that file; restore the packaged one or put a copy in ./jobs/.");
		}
		Node root;
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			root = new Yaml(new LoaderOptions()).compose(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + where, ex);
		}
		catch (RuntimeException ex) {
			throw new BadUsageException("Alert rules " + where + " are not valid YAML: "
					+ ex.getMessage().lines().findFirst().orElse("") + ".");
		}
		MappingNode alerts = (root instanceof MappingNode top) ? mapping(where, value(top, "alerts"), "alerts") : null;
		if (alerts == null) {
			throw new BadUsageException("Alert rules " + where + ": alerts: is missing; it holds every and rules.");
		}
		for (NodeTuple tuple : alerts.getValue()) {
			if (!Set.of("every", "rules").contains(key(tuple))) {
				throw problem(where, tuple.getKeyNode(),
						"alerts." + key(tuple) + " is not a setting; allowed: every, rules");
			}
		}
		Duration every = duration(where, value(alerts, "every"), "alerts.every", Duration.ofMinutes(1));
		MappingNode rulesNode = mapping(where, value(alerts, "rules"), "alerts.rules");
		if (rulesNode == null) {
			throw problem(where, alerts, "alerts.rules is missing; allowed rules: " + allowed());
		}
		List<AlertRule> rules = new ArrayList<>();
		for (NodeTuple tuple : rulesNode.getValue()) {
			AlertRule rule = rule(where, key(tuple), tuple);
			if (rules.stream().anyMatch((r) -> r.name().equals(rule.name()))) {
				throw problem(where, tuple.getKeyNode(),
						"alerts.rules." + rule.name() + " is given twice; give it once");
			}
			rules.add(rule);
		}
		return new AlertRules(every, List.copyOf(rules));
	}

	private static AlertRule rule(String where, String name, NodeTuple tuple) {
		String at = "alerts.rules." + name;
		if (!KNOWN.containsKey(name)) {
			throw problem(where, tuple.getKeyNode(), at + " is not a rule; allowed: " + allowed());
		}
		MappingNode rule = mapping(where, tuple.getValueNode(), at);
		if (rule == null) {
			throw problem(where, tuple.getKeyNode(), at + " is empty; it needs severity, threshold and runbook");
		}
		for (NodeTuple setting : rule.getValue()) {
			if (!RULE_KEYS.contains(key(setting))) {
				throw problem(where, setting.getKeyNode(), at + "." + key(setting) + " is not a setting; allowed: "
						+ String.join(", ", new TreeSet<>(RULE_KEYS)));
			}
		}
		String severity = scalar(where, rule, "severity", at);
		if (severity == null || !SEVERITIES.contains(severity)) {
			throw problem(where, (value(rule, "severity") != null) ? value(rule, "severity") : tuple.getKeyNode(),
					at + ".severity " + ((severity == null) ? "is missing" : "'" + severity + "' is not allowed")
							+ "; allowed: info, warning, critical");
		}
		String thresholdText = scalar(where, rule, "threshold", at);
		BigDecimal threshold = null;
		try {
			threshold = (thresholdText != null) ? new BigDecimal(thresholdText) : null;
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		if (threshold == null || threshold.signum() < 0) {
			throw problem(where, (value(rule, "threshold") != null) ? value(rule, "threshold") : tuple.getKeyNode(),
					at + ".threshold "
							+ ((thresholdText == null) ? "is missing" : "'" + thresholdText + "' is not allowed")
							+ "; allowed: a number of 0 or more, such as 5 or 10000 (the rule fires above it)");
		}
		Duration window = null;
		Node windowNode = value(rule, "window");
		if (KNOWN.get(name)) {
			if (windowNode == null) {
				throw problem(where, tuple.getKeyNode(),
						at + ".window is missing; allowed: a positive duration such as 30m, 1h or 2d");
			}
			window = duration(where, windowNode, at + ".window", null);
		}
		else if (windowNode != null) {
			throw problem(where, windowNode, at + ".window is not a setting of this rule; it takes none");
		}
		String runbook = scalar(where, rule, "runbook", at);
		if (runbook == null || runbook.isBlank() || runbook.contains("\n") || runbook.length() > 300) {
			throw problem(where, (value(rule, "runbook") != null) ? value(rule, "runbook") : tuple.getKeyNode(),
					at + ".runbook " + ((runbook == null) ? "is missing" : "is not allowed")
							+ "; allowed: one line of 1 to 300 characters");
		}
		String enabled = scalar(where, rule, "enabled", at);
		if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
			throw problem(where, value(rule, "enabled"),
					at + ".enabled '" + enabled + "' is not allowed; allowed: true or false");
		}
		return new AlertRule(name, severity, threshold, window, runbook, !"false".equals(enabled));
	}

	private static String allowed() {
		return String.join(", ", new TreeSet<>(KNOWN.keySet()));
	}

	private static Duration duration(String where, Node node, String at, Duration otherwise) {
		if (node == null) {
			return otherwise;
		}
		String text = (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
		try {
			Duration duration = (text != null) ? DurationStyle.detectAndParse(text) : null;
			if (duration != null && !duration.isNegative() && !duration.isZero()) {
				return duration;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw problem(where, node,
				at + " '" + text + "' is not allowed; allowed: a positive duration such as 30s, 1m, 1h, 2d or PT1H");
	}

	private static String scalar(String where, MappingNode mapping, String key, String at) {
		Node node = value(mapping, key);
		if (node == null) {
			return null;
		}
		if (!(node instanceof ScalarNode scalar)) {
			throw problem(where, node, at + "." + key + " must be a single value");
		}
		return scalar.getValue();
	}

	private static MappingNode mapping(String where, Node node, String at) {
		if (node == null) {
			return null;
		}
		if (!(node instanceof MappingNode mapping)) {
			throw problem(where, node, at + " must be a block of settings");
		}
		return mapping;
	}

	private static BadUsageException problem(String where, Node node, String message) {
		return new BadUsageException(
				"Alert rules " + where + ", line " + (node.getStartMark().getLine() + 1) + ": " + message + ".");
	}

}
