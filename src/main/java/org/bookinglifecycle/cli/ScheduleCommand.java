package org.bookinglifecycle.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.OperationsLog;
import org.bookinglifecycle.schedule.ScheduleDaemon;
import org.bookinglifecycle.schedule.SchedulePlan;
import org.bookinglifecycle.schedule.ScheduleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code schedule}: the daemon (Quartz, clustered on the suite's database) that fires the
 * chains of {@code jobs/*.yml}, serving health and metrics on its port until SIGTERM;
 * {@code schedule --plan} prints what it would fire, starting nothing.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = {
		"Run the schedule daemon: fire each chain of jobs/*.yml on its cron, retry failed nights, take over the"
				+ " nights of a lost node, serve /actuator/health and /actuator/prometheus on --port.",
		"Several daemons on the same database form a cluster: each fire runs on exactly one of them.",
		"SIGTERM stops running jobs at their next chunk boundary (STOPPED, resumed by any node) and exits 0.",
		"--plan prints what the daemon would fire in the next --hours and what a catch-up would do; it starts nothing." },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:stopped on SIGTERM, or the plan printed", "2:bad usage (a job definition, a port)" })
class ScheduleCommand extends DatabaseCommand {

	@Option(names = "--port", paramLabel = "N", defaultValue = "8080",
			description = "port of /actuator/health and /actuator/prometheus (default ${DEFAULT-VALUE}; 0 picks a free one)")
	int port;

	@Option(names = "--plan", description = "print what would fire in the next --hours and what a catch-up would do")
	boolean plan;

	@Option(names = "--hours", paramLabel = "H", defaultValue = "24",
			description = "how far ahead --plan looks (default ${DEFAULT-VALUE})")
	int hours;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		if (this.port < 0 || this.port > 65535) {
			throw new BadUsageException("--port " + this.port + " is not a port; allowed: 0 to 65535.");
		}
		if (this.hours < 1 || this.hours > 24 * 31) {
			throw new BadUsageException("--hours " + this.hours + " is not allowed; allowed: 1 to 744.");
		}
		if (this.plan) {
			SchedulePlan plan = new SchedulePlan(runtime.definitions(), runtime.bean(JobOperations.class),
					runtime.bean(JdbcTemplate.class));
			Instant now = Instant.now(runtime.bean(Clock.class));
			console.line("plan at %s for the next %d h (nothing is started):", now, this.hours);
			plan.lines(now, Duration.ofHours(this.hours),
					new ScheduleSettings(null, null, null, null, null).misfireThreshold())
				.forEach(console::line);
			return ExitCodes.COMPLETED;
		}
		Map<String, Object> settings = new HashMap<>();
		settings.put("server.port", this.port);
		// the night's locks, a partitioned job's workers, Quartz, heartbeats and health
		// at
		// once
		settings.put("spring.datasource.hikari.maximum-pool-size", 24);
		settings.put("lifecycle.operations.actor",
				"schedule daemon pid " + ProcessHandle.current().pid() + ", " + OperationsLog.processActor());
		CountDownLatch stop = new CountDownLatch(1);
		// SIGTERM from a service manager, Ctrl-C from a terminal: a graceful stop, exit 0
		// (the JVM's own answer would be 143, counted as a failure)
		Signal.handle(new Signal("TERM"), (signal) -> stop.countDown());
		Signal.handle(new Signal("INT"), (signal) -> stop.countDown());
		ConfigurableApplicationContext context = runtime.daemonContext(settings);
		if (stop.getCount() == 0) {
			// SIGTERM before the daemon was up: it never joins the cluster
			console.line("stopped before the scheduler started: nothing was fired here");
			return ExitCodes.COMPLETED;
		}
		ScheduleDaemon daemon = context.getBean(ScheduleDaemon.class);
		daemon.start().forEach(console::line);
		String port = context.getEnvironment().getProperty("local.server.port", String.valueOf(this.port));
		console.line("schedule daemon up: health http://localhost:%s/actuator/health, metrics"
				+ " http://localhost:%s/actuator/prometheus; SIGTERM stops it gracefully", port, port);
		try {
			stop.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		console.line("stopping: no new fires here; running jobs stop at their next chunk boundary");
		daemon.stopGracefully().forEach(console::line);
		console.line("schedule daemon stopped");
		return ExitCodes.COMPLETED;
	}

}
