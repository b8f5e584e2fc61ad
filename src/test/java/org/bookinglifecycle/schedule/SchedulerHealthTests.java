package org.bookinglifecycle.schedule;

import java.time.Clock;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code scheduler} component of {@code /actuator/health}: up only while the node
 * takes fires (a load balancer or an orchestrator takes a node in standby out).
 */
class SchedulerHealthTests {

	@Test
	void upOnlyWhileTheSchedulerTakesFires() throws Exception {
		Properties quartz = new Properties();
		quartz.put("org.quartz.scheduler.instanceName", "health-" + System.nanoTime());
		quartz.put("org.quartz.threadPool.threadCount", "1");
		quartz.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
		Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
		ScheduleDaemon daemon = new ScheduleDaemon(scheduler, null, null, null, null, Clock.systemUTC(), null, null);
		HealthIndicator health = new ScheduleConfiguration().schedulerHealthIndicator(daemon);

		Status created = health.health().getStatus();
		scheduler.start();
		Status started = health.health().getStatus();
		scheduler.standby();
		Status standby = health.health().getStatus();
		scheduler.start();
		Status again = health.health().getStatus();
		scheduler.shutdown();
		Status shutDown = health.health().getStatus();

		assertThat(created).isEqualTo(Status.DOWN);
		assertThat(started).isEqualTo(Status.UP);
		assertThat(standby).isEqualTo(Status.DOWN);
		assertThat(again).isEqualTo(Status.UP);
		assertThat(shutDown).isEqualTo(Status.DOWN);
	}

}
