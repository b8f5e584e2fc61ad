package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.bookinglifecycle.kit.DaemonTask;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.operations.ExecutionOwners;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.TriggerPauses;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.scheduling.quartz.SpringBeanJobFactory;

/**
 * The daemon's beans, present only in the context {@code schedule} starts: Quartz on the
 * suite's database (its tables from the Flyway migration V7, never Quartz's own
 * drop-and-create scripts), clustered, triggers acquired under the cluster's lock.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = LifecycleRuntime.DAEMON_PROPERTY, havingValue = "true")
@EnableConfigurationProperties(ScheduleSettings.class)
class ScheduleConfiguration {

	@Bean
	ScheduledNights scheduledNights(JobDefinitions definitions, JobOperations operations, JdbcTemplate jdbc,
			Clock clock, ScheduleSettings settings) {
		return new ScheduledNights(definitions, operations, jdbc, clock, settings);
	}

	@Bean
	SchedulerFactoryBean lifecycleScheduler(DataSource dataSource, ScheduleSettings settings, ScheduledNights nights,
			@Value("${lifecycle.schedule.cluster-name:booking-lifecycle}") String clusterName) {
		SchedulerFactoryBean factory = new SchedulerFactoryBean();
		// the same on every node of a cluster; Quartz keeps one scheduler (and its data
		// source) per name in a JVM, so two daemons in one test JVM need two names
		factory.setSchedulerName(clusterName);
		// LocalDataSourceJobStore on the suite's pool
		factory.setDataSource(dataSource);
		Properties quartz = new Properties();
		quartz.put("org.quartz.scheduler.instanceId", "AUTO");
		// no interrupt at shutdown: running jobs are asked to stop through the job
		// repository and end STOPPED at a chunk boundary
		quartz.put("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "false");
		quartz.put("org.quartz.jobStore.isClustered", "true");
		quartz.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.checkinInterval().toMillis()));
		quartz.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
		quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
		quartz.put("org.quartz.jobStore.tablePrefix", "qrtz_");
		quartz.put("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.misfireThreshold().toMillis()));
		quartz.put("org.quartz.threadPool.threadCount", String.valueOf(settings.threads()));
		factory.setQuartzProperties(quartz);
		SpringBeanJobFactory jobs = new SpringBeanJobFactory();
		factory.setJobFactory(jobs);
		// NightJob gets it by its setter
		factory.setSchedulerContextAsMap(Map.of("nights", nights));
		// started by ScheduleDaemon once the triggers of jobs/*.yml are written
		factory.setAutoStartup(false);
		factory.setWaitForJobsToCompleteOnShutdown(true);
		return factory;
	}

	@Bean
	DaemonTasks daemonTasks(List<DaemonTask> tasks, Clock clock) {
		return new DaemonTasks(tasks, clock);
	}

	@Bean
	ScheduleTriggers scheduleTriggers(Scheduler scheduler, JobDefinitions definitions, TriggerPauses pauses,
			JdbcTemplate jdbc) {
		return new ScheduleTriggers(scheduler, definitions, pauses, jdbc);
	}

	@Bean
	ScheduleDaemon scheduleDaemon(Scheduler scheduler, JobDefinitions definitions, ScheduledNights nights,
			JobOperations operations, ExecutionOwners owners, Clock clock, DaemonTasks tasks,
			ScheduleTriggers triggers) {
		return new ScheduleDaemon(scheduler, definitions, nights, operations, owners, clock, tasks, triggers);
	}

	/**
	 * {@code scheduler} in {@code /actuator/health}: down while the node takes no fires
	 * (standby, shut down); the database has its own indicator.
	 */
	@Bean
	HealthIndicator schedulerHealthIndicator(ScheduleDaemon daemon) {
		return () -> (daemon.taking() ? Health.up() : Health.down().withDetail("reason", "standby or shut down"))
			.withDetail("node", daemon.node())
			.build();
	}

}
