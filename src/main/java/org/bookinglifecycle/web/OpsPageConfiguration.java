package org.bookinglifecycle.web;

import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The page's beans in the schedule daemon's context: its reads, and the threads that run
 * a job or a restart asked for on the page (the request returns at once; the execution
 * shows on the page). At shutdown the daemon asks those executions to stop at a chunk
 * boundary like its own, and the threads are waited for.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = LifecycleRuntime.DAEMON_PROPERTY, havingValue = "true")
class OpsPageConfiguration {

	@Bean
	OpsReads opsReads(JdbcTemplate jdbc) {
		return new OpsReads(jdbc);
	}

	@Bean
	ThreadPoolTaskExecutor opsPageActions() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("ops-page-");
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setQueueCapacity(8);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(120);
		return executor;
	}

}
