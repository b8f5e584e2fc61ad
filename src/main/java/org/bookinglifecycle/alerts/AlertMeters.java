package org.bookinglifecycle.alerts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bookinglifecycle.kit.LifecycleMetrics;

/**
 * The alerts' gauges, set from the stored states after each evaluation: per rule and
 * subject the value measured ({@value LifecycleMetrics#ALERT_VALUE}) and whether it fires
 * ({@value LifecycleMetrics#ALERT_FIRING}, with its severity). Rule codes and subjects
 * (jobs, chains, tiers, partitions) only, never personal data.
 */
final class AlertMeters {

	private final MeterRegistry registry;

	private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

	AlertMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void update(AlertRules rules, List<AlertState> states) {
		for (AlertState state : states) {
			AlertRule rule = rules.rule(state.rule());
			if (rule == null || !rule.enabled()) {
				continue;
			}
			gauge(LifecycleMetrics.ALERT_VALUE, state, null, "the value the alert rule measured")
				.set(state.value().doubleValue());
			gauge(LifecycleMetrics.ALERT_FIRING, state, rule.severity(), "1 while the alert fires, else 0")
				.set(state.firing() ? 1.0 : 0.0);
		}
	}

	private AtomicReference<Double> gauge(String name, AlertState state, String severity, String description) {
		String key = name + '|' + state.rule() + '|' + state.subject() + '|' + severity;
		return this.gauges.computeIfAbsent(key, (k) -> {
			AtomicReference<Double> held = new AtomicReference<>(0.0);
			Gauge.Builder<AtomicReference<Double>> builder = Gauge.builder(name, held, AtomicReference::get)
				.description(description)
				.tag("rule", state.rule())
				.tag("subject", state.subject());
			if (severity != null) {
				builder.tag("severity", severity);
			}
			builder.register(this.registry);
			return held;
		});
	}

}
