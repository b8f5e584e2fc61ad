package org.bookinglifecycle.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a running execution's owner says it is alive, and how long it may stay silent
 * before automatic recovery presumes it gone ({@code lifecycle.owner.*}). The timeout
 * should be several intervals: one missed beat is not a death.
 *
 * @param heartbeatInterval between two heartbeats of a running execution
 * @param heartbeatTimeout silence after which an owner is presumed gone, on any host
 */
@ConfigurationProperties("lifecycle.owner")
public record OwnerSettings(@DefaultValue("PT15S") Duration heartbeatInterval,
		@DefaultValue("PT2M") Duration heartbeatTimeout) {

	/** The settings when nothing is configured. */
	public static final OwnerSettings DEFAULTS = new OwnerSettings(Duration.ofSeconds(15), Duration.ofMinutes(2));

}
