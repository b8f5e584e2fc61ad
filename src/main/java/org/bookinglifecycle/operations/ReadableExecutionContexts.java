package org.bookinglifecycle.operations;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Spring Batch store step and job execution contexts as JSON, so ops can read a
 * step's saved position with SQL ({@code short_context::jsonb}), while executions saved
 * before in the legacy format still restart. Spring Boot's batch configuration takes the
 * serializer bean declared here.
 */
@Configuration(proxyBeanMethods = false)
public class ReadableExecutionContexts {

	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JsonExecutionContextSerializer();
	}

}
