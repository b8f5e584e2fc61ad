package org.bookinglifecycle.schedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The daemon's own settings ({@code lifecycle.schedule.*}): the defaults suit a
 * production cluster; tests shorten them.
 *
 * @param checkinInterval how often a node tells the cluster it is alive (Quartz's
 * clusterCheckinInterval); a node silent for about twice as long is presumed lost and its
 * fires are taken over
 * @param misfireThreshold how late a fire may be and still count as on time
 * @param takeOverWait how long a taking-over node waits for a night's owner to be
 * presumed gone before it gives up (the owner looks alive)
 * @param takeOverPoll how often it looks again meanwhile
 * @param threads how many nights this node may run at once (one per chain at most)
 */
@ConfigurationProperties("lifecycle.schedule")
public record ScheduleSettings(Duration checkinInterval, Duration misfireThreshold, Duration takeOverWait,
		Duration takeOverPoll, Integer threads) {

	public ScheduleSettings {
		checkinInterval = (checkinInterval != null) ? checkinInterval : Duration.ofSeconds(7);
		misfireThreshold = (misfireThreshold != null) ? misfireThreshold : Duration.ofMinutes(1);
		takeOverWait = (takeOverWait != null) ? takeOverWait : Duration.ofMinutes(10);
		takeOverPoll = (takeOverPoll != null) ? takeOverPoll : Duration.ofSeconds(5);
		threads = (threads != null) ? threads : 3;
	}

}
