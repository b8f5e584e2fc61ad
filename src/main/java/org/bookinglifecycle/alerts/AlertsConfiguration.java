package org.bookinglifecycle.alerts;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Metrics;
import org.bookinglifecycle.domain.AnonymizationLimit;
import org.bookinglifecycle.domain.RetentionPeriods;
import org.bookinglifecycle.kit.definition.JobDefinitions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alerts' bean: the rules of {@code jobs/alerts.yml} over the suite's database, the
 * periods of {@code jobs/purge-retention.yml}, {@code anonymize.after} of
 * {@code jobs/anonymize-guests.yml} and the chains of every {@code jobs/*.yml}; the
 * daemon runs it as a task, {@code alerts} lists its states. Meters go to Micrometer's
 * global registry, which the daemon exports.
 */
@Configuration(proxyBeanMethods = false)
public class AlertsConfiguration {

	@Bean
	Alerts alerts(JobDefinitions definitions, JdbcTemplate jdbc, DataSource dataSource, RetentionPeriods periods,
			Environment environment) {
		return new Alerts(definitions.files().get(AlertRules.FILE),
				(rules) -> new AlertEvaluator(jdbc,
						new TransactionTemplate(new DataSourceTransactionManager(dataSource)), rules,
						new AlertInputs(definitions.chains(), periods.tiers(),
								(periods.bookingHistory() != null) ? periods.bookingHistory() : 5,
								AnonymizationLimit.require(environment).toString()),
						Metrics.globalRegistry));
	}

}
