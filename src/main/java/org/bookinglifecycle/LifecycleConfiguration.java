package org.bookinglifecycle;

import java.time.Clock;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans every part of the suite shares.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

	/**
	 * The registry of the jobs, filled with every Job bean of the context: the CLI and
	 * the JobOperator find jobs here.
	 */
	@Bean
	MapJobRegistry jobRegistry() {
		return new MapJobRegistry();
	}

	/** The clock that gives "today" for {@code asOf}; tests replace it. */
	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

}
