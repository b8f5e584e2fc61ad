package org.bookinglifecycle.alerts;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the enabled rules once, in one transaction under a transaction-level advisory
 * lock (a second daemon evaluating at the same moment leaves the round to the first):
 * each rule's query measures a value per subject, and one statement turns the values into
 * the stored states, queueing an {@code alert.firing} or {@code alert.resolved} event in
 * {@code lifecycle_outbox} only for a state that changed. The meters are then set from
 * the stored states. A rule whose query fails is rolled back to its savepoint and logged;
 * the others are still evaluated.
 */
public class AlertEvaluator {

	private static final Logger logger = LoggerFactory.getLogger(AlertEvaluator.class);

	/** The longest a rule's query may run. */
	static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final AlertRules rules;

	private final AlertInputs inputs;

	private final AlertMeters meters;

	/**
	 * An evaluator over the suite's database.
	 * @param jdbc the database
	 * @param transaction transactions on the same database
	 * @param rules the rules of {@code jobs/alerts.yml}
	 * @param inputs what some rules measure against
	 * @param registry where the meters go
	 */
	public AlertEvaluator(JdbcTemplate jdbc, TransactionTemplate transaction, AlertRules rules, AlertInputs inputs,
			MeterRegistry registry) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.rules = rules;
		this.inputs = inputs;
		this.meters = new AlertMeters(registry);
	}

	/**
	 * One evaluation of every enabled rule.
	 * @param now the time it is (the rules' windows end there)
	 * @return what was measured and the events queued, or that another evaluator held the
	 * lock
	 */
	public Evaluation evaluate(Instant now) {
		Evaluation evaluation = this.transaction.execute((status) -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(SqlFiles.alerts("lock-evaluation"), Boolean.class))) {
				return new Evaluation(false, List.of(), List.of(), List.of());
			}
			// a hanging query gives up: its rule is logged, the others go on
			this.jdbc.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT.toMillis() + "ms'");
			List<Measure> measures = new ArrayList<>();
			List<Event> events = new ArrayList<>();
			List<String> failed = new ArrayList<>();
			for (AlertRule rule : this.rules.rules()) {
				if (rule.enabled()) {
					evaluate(rule, now, status, measures, events, failed);
				}
			}
			return new Evaluation(true, List.copyOf(measures), List.copyOf(events), List.copyOf(failed));
		});
		for (Event event : evaluation.events()) {
			logger.info("{}: rule {}{} (state {})", event.type(), event.rule(),
					event.subject().isEmpty() ? "" : ", subject " + event.subject(), event.stateId());
		}
		this.meters.update(this.rules, states());
		return evaluation;
	}

	private void evaluate(AlertRule rule, Instant now, TransactionStatus status, List<Measure> measures,
			List<Event> events, List<String> failed) {
		Object savepoint = status.createSavepoint();
		try {
			List<Measure> measured = this.jdbc.query(SqlFiles.alerts("rules/" + rule.name()),
					(rs, n) -> new Measure(rule.name(), rs.getString("subject"), value(rs)), parameters(rule, now));
			measures.addAll(measured);
			events.addAll(this.jdbc.query(SqlFiles.alerts("record-evaluation"),
					(rs, n) -> new Event(rs.getString("event_type"), rule.name(), rs.getString("subject"),
							rs.getLong("aggregate_id")),
					rule.name(), rule.severity(), rule.threshold(), rule.runbook(), timestamp(now),
					measured.stream().map(Measure::subject).toArray(String[]::new),
					measured.stream().map((m) -> m.value().toPlainString()).toArray(String[]::new)));
			status.releaseSavepoint(savepoint);
		}
		catch (DataAccessException ex) {
			status.rollbackToSavepoint(savepoint);
			failed.add(rule.name());
			logger.warn("Alert rule {} could not be evaluated: {}", rule.name(),
					ex.getMostSpecificCause().getMessage());
		}
	}

	private static BigDecimal value(ResultSet rs) throws SQLException {
		BigDecimal value = rs.getBigDecimal("value");
		return (value != null) ? value : BigDecimal.ZERO;
	}

	private Object[] parameters(AlertRule rule, Instant now) {
		OffsetDateTime at = timestamp(now);
		long window = (rule.window() != null) ? rule.window().toSeconds() : 0;
		return switch (rule.name()) {
			case "archive-failure-rate", "audit-log-volume", "night-gave-up", "outbox-backlog" ->
				new Object[] { at, window };
			case "data-integrity", "default-partition-rows" -> new Object[0];
			case "long-running-execution" -> new Object[] { at };
			case "anonymization-overdue" -> new Object[] { at, this.inputs.anonymizeAfter(), window };
			case "retention-overdue" -> {
				Map<String, Integer> tiers = new TreeMap<>(this.inputs.tierYears());
				yield new Object[] { at, tiers.keySet().toArray(String[]::new), tiers.values().toArray(Integer[]::new),
						this.inputs.historyYears() };
			}
			case "job-overdue" -> {
				List<String> jobs = new ArrayList<>();
				List<String> fires = new ArrayList<>();
				for (JobChain chain : this.inputs.chains()) {
					if (!chain.schedule().enabled()) {
						continue;
					}
					for (Instant fire : chain.schedule().firesBetween(now.minus(rule.window()), now)) {
						for (LifecycleJobSpec member : chain.members()) {
							jobs.add(member.name());
							fires.add(fire.toString());
						}
					}
				}
				yield new Object[] { at, jobs.toArray(String[]::new), fires.toArray(String[]::new) };
			}
			default -> throw new IllegalStateException("no parameters for rule " + rule.name());
		};
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * Every stored state.
	 * @return the states, by rule and subject
	 */
	public List<AlertState> states() {
		return this.jdbc.query(SqlFiles.alerts("list-states"),
				(rs, n) -> new AlertState(rs.getString("rule"), rs.getString("subject"), rs.getString("severity"),
						rs.getBoolean("firing"), instant(rs.getTimestamp("since")), rs.getBigDecimal("last_value"),
						rs.getBigDecimal("threshold"), instant(rs.getTimestamp("last_evaluated_at"))));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * One evaluation.
	 *
	 * @param evaluated whether this evaluator held the lock (else another evaluated at
	 * the same moment and nothing was done here)
	 * @param measures the values measured
	 * @param events the events queued
	 * @param failed the rules whose query failed
	 */
	public record Evaluation(boolean evaluated, List<Measure> measures, List<Event> events, List<String> failed) {

	}

	/**
	 * A value a rule measured.
	 *
	 * @param rule the rule
	 * @param subject its subject, empty for the whole suite
	 * @param value the value
	 */
	public record Measure(String rule, String subject, BigDecimal value) {

	}

	/**
	 * An event queued in the outbox.
	 *
	 * @param type {@code alert.firing} or {@code alert.resolved}
	 * @param rule the rule
	 * @param subject its subject
	 * @param stateId the state row's id (the event's aggregate id)
	 */
	public record Event(String type, String rule, String subject, long stateId) {

	}

}
