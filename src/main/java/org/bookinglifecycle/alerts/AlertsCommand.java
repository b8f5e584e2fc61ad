package org.bookinglifecycle.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.ExtraCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alerts}: every rule of {@code jobs/alerts.yml} with its state per subject
 * (firing or ok, since when, the last value and the threshold, when it was last evaluated
 * by a daemon); {@code --evaluate} evaluates once now, as the daemon does every minute
 * (events of a changed state are queued like the daemon's). Exit 0; 2 when the file is
 * not valid.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
		description = "The alert rules of jobs/alerts.yml and their states (firing or ok, since, value, threshold).")
public class AlertsCommand implements ExtraCommand {

	@Option(names = "--evaluate", description = "evaluate the rules once now before listing (as the daemon does)")
	boolean evaluate;

	@Override
	public int run(Context context) {
		Alerts alerts = context.bean(Alerts.class);
		AlertRules rules = alerts.rules();
		if (this.evaluate) {
			AlertEvaluator.Evaluation evaluation = alerts.evaluator().evaluate(Instant.now(context.bean(Clock.class)));
			context.out()
				.line("evaluated now: %s", evaluation.evaluated() ? evaluation.events().size() + " state(s) changed"
						: "another daemon was evaluating; its states are listed");
		}
		List<AlertState> states = alerts.states();
		List<List<String>> rows = new ArrayList<>();
		for (AlertRule rule : rules.rules()) {
			List<AlertState> own = states.stream().filter((s) -> s.rule().equals(rule.name())).toList();
			String threshold = "> " + rule.threshold().toPlainString()
					+ ((rule.window() != null) ? " over " + rule.window() : "");
			if (!rule.enabled()) {
				rows.add(List.of(rule.name(), "", rule.severity(), "disabled", "", threshold, "", ""));
				continue;
			}
			if (own.isEmpty()) {
				rows.add(List.of(rule.name(), "", rule.severity(), "nothing measured", "", threshold, "", ""));
			}
			for (AlertState state : own) {
				rows.add(List.of(rule.name(), state.subject(), rule.severity(), state.firing() ? "FIRING" : "ok",
						state.value().stripTrailingZeros().toPlainString(), threshold, String.valueOf(state.since()),
						String.valueOf(state.evaluatedAt())));
			}
		}
		context.out()
			.table(List.of("rule", "subject", "severity", "state", "value", "threshold", "since", "evaluated"), rows);
		return 0;
	}

}
