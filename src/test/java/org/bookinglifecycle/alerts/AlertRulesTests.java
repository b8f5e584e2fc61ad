package org.bookinglifecycle.alerts;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading {@code jobs/alerts.yml}: the packaged rules, and every kind of bad setting
 * refused with the file, the line and what is allowed.
 */
class AlertRulesTests {

	@TempDir
	Path dir;

	@Test
	void thePackagedFileConfiguresEveryKnownRuleWithTheSeedsThresholds() {
		AlertRules rules = packaged();

		assertThat(rules.every()).isEqualTo(Duration.ofMinutes(1));
		assertThat(rules.rules()).extracting(AlertRule::name)
			.containsExactlyInAnyOrderElementsOf(AlertRules.KNOWN.keySet());
		assertThat(rules.rule("archive-failure-rate").threshold()).isEqualByComparingTo("5");
		assertThat(rules.rule("archive-failure-rate").window()).isEqualTo(Duration.ofHours(1));
		assertThat(rules.rule("audit-log-volume").threshold()).isEqualByComparingTo("10000");
		assertThat(rules.rule("data-integrity").severity()).isEqualTo("critical");
		assertThat(rules.rule("job-overdue").threshold()).isEqualByComparingTo("25");
		assertThat(rules.rules()).allSatisfy((rule) -> {
			assertThat(rule.enabled()).isTrue();
			assertThat(rule.runbook()).isNotBlank().doesNotContain("\n");
		});
	}

	@Test
	void aRuleFiresAboveItsThresholdNotAtIt() {
		AlertRule rule = packaged().rule("audit-log-volume");

		assertThat(rule.fires(new BigDecimal("10000"))).isFalse();
		assertThat(rule.fires(new BigDecimal("10001"))).isTrue();
	}

	@Test
	void anUnknownRuleIsRefusedNamingFileLineAndTheRules() throws IOException {
		assertThat(problem(packagedText().replace("    audit-log-volume:", "    audit-log-volumes:")))
			.contains(this.dir.resolve("alerts.yml").toString())
			.contains("line " + lineOf("    audit-log-volume:"))
			.contains("alerts.rules.audit-log-volumes is not a rule; allowed: anonymization-overdue,");
	}

	@Test
	void aBadThresholdIsRefused() throws IOException {
		assertThat(problem(packagedText().replace("threshold: 10000", "threshold: lots")))
			.contains("line " + lineOf("threshold: 10000"))
			.contains("alerts.rules.audit-log-volume.threshold 'lots' is not allowed; allowed: a number of 0 or more");
		assertThat(problem(packagedText().replace("threshold: 10000", "threshold: -1")))
			.contains("threshold '-1' is not allowed");
	}

	@Test
	void aBadDurationIsRefused() throws IOException {
		assertThat(problem(packagedText().replace("window: 48h", "window: two days")))
			.contains("line " + lineOf("window: 48h"))
			.contains("alerts.rules.job-overdue.window 'two days' is not allowed; allowed: a positive duration");
		assertThat(problem(packagedText().replace("every: 1m", "every: 0s"))).contains("line " + lineOf("every: 1m"))
			.contains("alerts.every '0s' is not allowed");
	}

	@Test
	void aBadSeverityAnUnknownSettingAndAWindowWhereNoneIsTakenAreRefused() throws IOException {
		assertThat(problem(packagedText().replaceFirst("severity: critical", "severity: urgent")))
			.contains("line " + lineOf("severity: critical"))
			.contains("severity 'urgent' is not allowed; allowed: info, warning, critical");
		assertThat(problem(packagedText().replace("      threshold: 25", "      threshold: 25\n      treshold: 26")))
			.contains("line " + (lineOf("      threshold: 25") + 1))
			.contains("alerts.rules.job-overdue.treshold is not a setting; allowed: enabled, runbook, severity,");
		assertThat(problem(packagedText().replace("      threshold: 6", "      threshold: 6\n      window: 1h")))
			.contains("alerts.rules.long-running-execution.window is not a setting of this rule");
		assertThat(problem(packagedText().replace("      window: 1h\n      runbook: \"`executions --job archive",
				"      runbook: \"`executions --job archive")))
			.contains("alerts.rules.archive-failure-rate.window is missing");
	}

	@Test
	@SuppressWarnings("unchecked")
	void thePrometheusRulesHaveTheThresholdsAndSeveritiesOfJobsAlertsYml() throws IOException {
		Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("docker/prometheus/alerts.yml")));
		List<Map<String, Object>> alerts = (List<Map<String, Object>>) ((List<Map<String, Object>>) prometheus
			.get("groups")).get(0).get("rules");

		for (AlertRule rule : packaged().rules()) {
			assertThat(alerts).as(rule.name())
				.filteredOn((alert) -> alert.get("expr").toString().contains("{rule=\"" + rule.name() + "\"}"))
				.singleElement()
				.satisfies((alert) -> {
					assertThat(alert.get("expr").toString().strip())
						.endsWith(") > " + rule.threshold().toPlainString());
					assertThat(((Map<String, Object>) alert.get("labels")).get("severity")).isEqualTo(rule.severity());
					assertThat(((Map<String, Object>) alert.get("annotations")).get("runbook"))
						.isEqualTo(rule.runbook());
				});
		}
	}

	private String problem(String text) throws IOException {
		Path file = this.dir.resolve("alerts.yml");
		Files.writeString(file, text);
		assertThat(text).isNotEqualTo(packagedText());
		return assertThatExceptionOfType(BadUsageException.class)
			.isThrownBy(() -> AlertRules.load(new FileSystemResource(file), file.toString()))
			.actual()
			.getMessage();
	}

	static AlertRules packaged() {
		return AlertRules.load(new FileSystemResource(Path.of("jobs/alerts.yml")), "jobs/alerts.yml");
	}

	private static String packagedText() throws IOException {
		return Files.readString(Path.of("jobs/alerts.yml"));
	}

	private static int lineOf(String text) throws IOException {
		String all = packagedText();
		return (int) all.substring(0, all.indexOf(text)).chars().filter((c) -> c == '\n').count() + 1;
	}

}
