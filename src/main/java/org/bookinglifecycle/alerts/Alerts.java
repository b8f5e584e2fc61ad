package org.bookinglifecycle.alerts;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bookinglifecycle.kit.DaemonTask;

import org.springframework.core.io.Resource;

/**
 * The alerts as the daemon and {@code alerts} use them: the rules of
 * {@code jobs/alerts.yml}, read and checked on first use (a bad file is exit 2 naming the
 * line, for the daemon before it joins the cluster), and their evaluator, run as a
 * {@link DaemonTask} every {@code alerts.every}.
 */
public class Alerts implements DaemonTask {

	private final Resource file;

	private final EvaluatorFactory factory;

	private AlertRules rules;

	private AlertEvaluator evaluator;

	/**
	 * Alerts on the file in effect.
	 * @param file {@code jobs/alerts.yml} in effect, or {@code null}
	 * @param factory builds the evaluator once the rules are read
	 */
	public Alerts(Resource file, EvaluatorFactory factory) {
		this.file = file;
		this.factory = factory;
	}

	/**
	 * The rules.
	 * @return the rules
	 * @throws org.bookinglifecycle.kit.definition.BadUsageException naming file and line
	 */
	public synchronized AlertRules rules() {
		if (this.rules == null) {
			this.rules = AlertRules.load(this.file, describe(this.file));
		}
		return this.rules;
	}

	/**
	 * The evaluator of the rules.
	 * @return the evaluator
	 */
	public synchronized AlertEvaluator evaluator() {
		if (this.evaluator == null) {
			this.evaluator = this.factory.create(rules());
		}
		return this.evaluator;
	}

	/**
	 * The stored states.
	 * @return every rule's states
	 */
	public List<AlertState> states() {
		return evaluator().states();
	}

	@Override
	public String name() {
		return "alerts (" + rules().rules().stream().filter(AlertRule::enabled).count() + " rules of jobs/"
				+ AlertRules.FILE + ")";
	}

	@Override
	public void check() {
		evaluator();
	}

	@Override
	public Duration interval() {
		return rules().every();
	}

	@Override
	public void runOnce(Instant now) {
		evaluator().evaluate(now);
	}

	private static String describe(Resource resource) {
		if (resource == null) {
			return "jobs/" + AlertRules.FILE;
		}
		try {
			return resource.isFile() ? resource.getFile().toPath().toString()
					: "jobs/" + AlertRules.FILE + " (packaged)";
		}
		catch (IOException ex) {
			return "jobs/" + AlertRules.FILE;
		}
	}

	/** Builds an evaluator of the rules once they are read. */
	@FunctionalInterface
	public interface EvaluatorFactory {

		/**
		 * The evaluator.
		 * @param rules the rules read
		 * @return an evaluator of them
		 */
		AlertEvaluator create(AlertRules rules);

	}

}
