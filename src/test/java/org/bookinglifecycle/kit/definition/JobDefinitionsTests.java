package org.bookinglifecycle.kit.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobChain;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefinitionsTests {

	@TempDir
	Path overrides;

	@Test
	void thePackagedFilesDefineTheJobsAndTheSettingsFilesDefineNone() {
		JobDefinitions definitions = JobDefinitions.load(this.overrides);

		assertThat(definitions.jobs()).extracting(LifecycleJobSpec::name)
			.containsExactly("anonymize-guests", "archive-bookings", "backfill-audit-log-ids", "backfill-retention",
					"erase-guest", "export-guest", "maintain-partitions", "partition-audit-logs", "purge-retention",
					"scan-pii", "verify-integrity");
		assertThat(definitions.files()).containsKeys("purge-retention.yml", "archive-bookings.yml",
				"maintain-partitions.yml");
		LifecycleJobSpec backfill = definitions.spec("backfill-audit-log-ids");
		assertThat(backfill.kind()).isEqualTo(JobKind.NIGHTLY);
		assertThat(backfill.parameters()).extracting(ParameterSpec::name)
			.containsExactly("asOf", "dryRun", "chunkSize", "maxRuntime", "throttle", "gridSize", "mode");
		assertThat(backfill.find("mode").allowed()).isEqualTo("one of missing, refresh");
		assertThat(definitions.spec("maintain-partitions").schedule().cron()).isEqualTo("0 0 2 * * ?");
		assertThat(definitions.spec("archive-bookings").schedule().after()).isEqualTo("maintain-partitions");
		assertThat(definitions.spec("maintain-partitions").find("table").allowed()).startsWith("a table name");
		// a job's own default of a common parameter
		assertThat(definitions.spec("partition-audit-logs").find("chunkSize").defaultValue()).isEqualTo("10000");
		assertThat(definitions.spec("archive-bookings").find("chunkSize").defaultValue()).isEqualTo("1000");
	}

	@Test
	void theRunOrderIsOneOffsFirstThenTheNightlyChainByAfter() {
		assertThat(JobDefinitions.load(this.overrides).runOrder()).extracting(LifecycleJobSpec::name)
			.containsExactly("backfill-retention", "partition-audit-logs", "maintain-partitions", "archive-bookings",
					"backfill-audit-log-ids", "anonymize-guests", "scan-pii", "purge-retention", "verify-integrity");
	}

	@Test
	void aFileInTheOverrideDirectoryReplacesThePackagedOne() throws IOException {
		write("verify-integrity.yml", """
				job:
				  summary: checked by ops
				  kind: nightly
				  restart: continues
				  schedule:
				    cron: "0 30 4 * * ?"
				    time-zone: Europe/Berlin
				""");

		LifecycleJobSpec verify = JobDefinitions.load(this.overrides).spec("verify-integrity");

		assertThat(verify.summary()).isEqualTo("checked by ops");
		assertThat(verify.schedule().timeZone()).isEqualTo("Europe/Berlin");
		assertThat(verify.source()).contains(this.overrides.toString());
	}

	@Test
	void aBadCronNamesTheFileTheLineAndWhatIsAllowed() throws IOException {
		write("verify-integrity.yml", """
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  schedule:
				    cron: "every night at two"
				""");

		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("verify-integrity.yml, line 6")
			.hasMessageContaining("job.schedule.cron 'every night at two' is not valid")
			.hasMessageContaining("'0 0 2 * * ?'");
	}

	@Test
	void everyOtherMistakeNamesItsLine() throws IOException {
		assertProblem("""
				job:
				  summary: s
				  kind: weekly
				  restart: r
				""", "line 3", "job.kind is 'weekly'; allowed: nightly, one-off, on-request");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  shedule:
				    cron: "0 0 2 * * ?"
				""", "line 5", "job.shedule is not a setting");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  defaults:
				    chunkSize: "0"
				""", "line 6", "job.defaults.chunkSize: Parameter chunkSize='0' is not allowed");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  defaults:
				    asOf: "2026-01-01"
				""", "line 6", "job.defaults.asOf is not a parameter whose default a job may set");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  schedule:
				    after: archive-everything
				""", "verify-integrity.yml", "schedule.after names 'archive-everything', which is not a job");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  schedule:
				    cron: "0 0 2 * * ?"
				    time-zone: Mars/Olympus
				""", "line 7", "time-zone 'Mars/Olympus' is not a time zone");
		assertProblem("""
				job:
				  kind: nightly
				  restart: r
				""", "line 2", "job.summary is missing");
		assertProblem("""
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  parameters:
				    depth:
				      type: integer
				      default: deep
				      description: how deep
				""", "line 8", "job.parameters.depth.default");
	}

	@Test
	void aCopyThatLostItsJobBlockIsRefused() throws IOException {
		write("archive-bookings.yml", "archive:\n  lock-timeout: 5s\n");

		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining(
					"archive-bookings.yml replaces the packaged definition of a job but has no job: block");
	}

	@Test
	void aChainThatLoopsIsRefused() throws IOException {
		write("archive-bookings.yml", """
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  schedule:
				    after: verify-integrity
				""");

		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("makes a cycle");
	}

	@Test
	void theShippedMaintainPartitionsScheduleHeadsTheNightlyChain() {
		JobSchedule schedule = JobDefinitions.load(this.overrides).spec("maintain-partitions").schedule();

		assertThat(schedule.cron()).isEqualTo("0 0 2 * * ?");
		assertThat(schedule.timeZone()).isEqualTo("UTC");
		assertThat(schedule.after()).isNull();
		assertThat(schedule.enabled()).isTrue();
		assertThat(schedule.chain()).isEqualTo("nightly");
		assertThat(schedule.misfire()).isEqualTo(JobSchedule.Misfire.CATCH_UP);
		assertThat(schedule.catchUpWindow()).isEqualTo(Duration.ofHours(6));
		assertThat(schedule.retry()).isEqualTo(new JobSchedule.Retry(3, Duration.ofMinutes(5), Duration.ofHours(1)));
		assertThat(schedule.parameters()).isEmpty();
	}

	@Test
	void theShippedFilesMakeOneChainNightlyInAfterOrder() {
		List<JobChain> chains = JobDefinitions.load(this.overrides).chains();

		assertThat(chains).extracting(JobChain::name).containsExactly("nightly");
		assertThat(chains.get(0).head().name()).isEqualTo("maintain-partitions");
		assertThat(chains.get(0).members()).extracting(LifecycleJobSpec::name)
			.containsExactly("maintain-partitions", "archive-bookings", "backfill-audit-log-ids", "anonymize-guests",
					"scan-pii", "purge-retention", "verify-integrity");
		assertThat(JobDefinitions.load(this.overrides).chain("nightly")).isEqualTo(chains.get(0));
	}

	@Test
	void aHeadWithoutAChainNameHeadsAChainNamedAfterIt() throws IOException {
		write("verify-integrity.yml", schedule("cron: \"0 0 4 * * ?\""));

		JobDefinitions definitions = JobDefinitions.load(this.overrides);

		assertThat(definitions.spec("verify-integrity").schedule().chain()).isEqualTo("verify-integrity-night");
		assertThat(definitions.chains()).extracting(JobChain::name)
			.containsExactly("nightly", "verify-integrity-night");
		assertThat(definitions.chain("nightly").members()).extracting(LifecycleJobSpec::name)
			.containsExactly("maintain-partitions", "archive-bookings", "backfill-audit-log-ids", "anonymize-guests",
					"scan-pii", "purge-retention");
	}

	@Test
	void aCronIsReadAsQuartzReadsIt() throws IOException {
		assertThat(assertAccepted("cron: \"0 0 23 * * ?\"").cron()).isEqualTo("0 0 23 * * ?");
		assertScheduleProblem("cron: \"0 0 24 * * ?\"", "line 7", "job.schedule.cron '0 0 24 * * ?' is not valid",
				"allowed: a Quartz cron, seconds first");
		// a five-field unix cron lacks the seconds
		assertScheduleProblem("cron: \"0 2 * * *\"", "line 7", "job.schedule.cron '0 2 * * *' is not valid",
				"allowed: a Quartz cron, seconds first");
	}

	@Test
	void aTimeZoneMustBeAZoneId() throws IOException {
		assertThat(assertAccepted("time-zone: Europe/Berlin").timeZone()).isEqualTo("Europe/Berlin");
		assertScheduleProblem("time-zone: Europe/Berlim", "line 8", "job.schedule.time-zone 'Europe/Berlim'",
				"allowed: a zone id such as UTC or Europe/Berlin");
	}

	@Test
	void misfireIsCatchUpOrSkip() throws IOException {
		assertThat(assertAccepted("misfire: skip").misfire()).isEqualTo(JobSchedule.Misfire.SKIP);
		assertThat(assertAccepted("misfire: catch-up").misfire()).isEqualTo(JobSchedule.Misfire.CATCH_UP);
		assertThat(assertAccepted("enabled: true").misfire()).as("the default").isEqualTo(JobSchedule.Misfire.CATCH_UP);
		assertScheduleProblem("misfire: later", "line 8", "job.schedule.misfire 'later' is not allowed",
				"allowed: catch-up", "skip");
	}

	@Test
	void theCatchUpWindowIsAPositiveDuration() throws IOException {
		assertThat(assertAccepted("catch-up-window: 1s").catchUpWindow()).isEqualTo(Duration.ofSeconds(1));
		assertThat(assertAccepted("catch-up-window: PT2H").catchUpWindow()).isEqualTo(Duration.ofHours(2));
		assertThat(assertAccepted("enabled: true").catchUpWindow()).as("the default").isEqualTo(Duration.ofHours(6));
		for (String bad : List.of("-1h", "soon", "0s")) {
			assertScheduleProblem("catch-up-window: " + bad, "line 8",
					"job.schedule.catch-up-window '" + bad + "' is not allowed",
					"allowed: a positive duration such as 30s, 5m, 6h or PT6H");
		}
	}

	@Test
	void retryAttemptsAreOneToTwenty() throws IOException {
		assertThat(assertAccepted("retry:\n      attempts: 1").retry())
			.isEqualTo(new JobSchedule.Retry(1, Duration.ofMinutes(5), Duration.ofHours(1)));
		assertThat(assertAccepted("retry:\n      attempts: 20\n      backoff: 30s\n      max-backoff: 2h").retry())
			.isEqualTo(new JobSchedule.Retry(20, Duration.ofSeconds(30), Duration.ofHours(2)));
		for (String bad : List.of("0", "21", "three")) {
			assertScheduleProblem("retry:\n      attempts: " + bad, "line 9",
					"job.schedule.retry.attempts '" + bad + "' is not allowed", "allowed: 1 (never retried) to 20");
		}
		assertScheduleProblem("retry:\n      backoff: 0s", "line 9", "job.schedule.retry.backoff '0s' is not allowed",
				"allowed: a positive duration");
	}

	@Test
	void anUnknownRetrySettingIsRefused() throws IOException {
		assertScheduleProblem("retry:\n      attempts: 3\n      max-attempts: 5", "line 10",
				"job.schedule.retry.max-attempts is not a setting", "allowed: attempts, backoff, max-backoff");
	}

	@Test
	void scheduledParametersAreCheckedAgainstTheJobsParameters() throws IOException {
		assertThat(assertAccepted("parameters:\n      chunkSize: 1\n      maxRuntime: 2h").parameters())
			.containsExactly("chunkSize=1", "maxRuntime=2h");
		assertThat(assertAccepted("parameters:\n      chunkSize: 100000").parameters())
			.containsExactly("chunkSize=100000");
		assertScheduleProblem("parameters:\n      chunk: 10", "line 9",
				"job.schedule.parameters.chunk is not a parameter a scheduled run may set",
				"allowed: chunkSize, maxRuntime, throttle");
		assertScheduleProblem("parameters:\n      asOf: 2026-01-01", "line 9",
				"job.schedule.parameters.asOf is not a parameter a scheduled run may set", "the night gives asOf",
				"allowed: chunkSize");
		assertScheduleProblem("parameters:\n      dryRun: true", "line 9",
				"job.schedule.parameters.dryRun is not a parameter a scheduled run may set",
				"a scheduled run is never a dry run");
		for (String bad : List.of("0", "100001")) {
			assertScheduleProblem("parameters:\n      chunkSize: " + bad, "line 9",
					"job.schedule.parameters.chunkSize: Parameter chunkSize='" + bad + "' is not allowed",
					"expected a whole number from 1 to 100000");
		}
	}

	@Test
	void aJobWithAfterNamesNoChain() throws IOException {
		write("verify-integrity.yml", """
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  schedule:
				    after: purge-retention
				    chain: checks
				""");

		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("verify-integrity.yml, line 7")
			.hasMessageContaining("job.schedule.chain names the chain a job with a cron heads")
			.hasMessageContaining("a job with after: belongs to its head's chain");
	}

	@Test
	void aChainNeedsANameOfItsOwn() throws IOException {
		assertThat(assertAccepted("chain: checks").chain()).isEqualTo("checks");
		write("verify-integrity.yml", schedule("cron: \"0 0 4 * * ?\"\n    chain: archive-bookings"));
		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("verify-integrity.yml")
			.hasMessageContaining("schedule.chain 'archive-bookings' is the name of a job")
			.hasMessageContaining("a chain needs a name of its own");
		write("verify-integrity.yml", schedule("cron: \"0 0 4 * * ?\"\n    chain: nightly"));
		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("verify-integrity.yml")
			.hasMessageContaining("schedule.chain 'nightly' is already the chain of maintain-partitions")
			.hasMessageContaining("each chain needs a name of its own");
	}

	@Test
	void enabledIsTrueOrFalse() throws IOException {
		assertThat(assertAccepted("enabled: false").enabled()).isFalse();
		assertThat(assertAccepted("enabled: true").enabled()).isTrue();
		assertScheduleProblem("enabled: yes", "line 8", "job.schedule.enabled 'yes' is not allowed",
				"allowed: true or false");
	}

	private void assertProblem(String yaml, String line, String message) throws IOException {
		write("verify-integrity.yml", yaml);
		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining(line)
			.hasMessageContaining(message);
	}

	/**
	 * verify-integrity.yml as the head of a chain of its own, one setting of its schedule
	 * added (on line 8, after the cron on line 7) or its cron replaced, loaded without a
	 * problem.
	 */
	private JobSchedule assertAccepted(String setting) throws IOException {
		write("verify-integrity.yml", headWith(setting));
		return JobDefinitions.load(this.overrides).spec("verify-integrity").schedule();
	}

	/**
	 * verify-integrity.yml with a schedule of its own, a setting added on line 8 (or the
	 * cron, on line 7), refused naming the file, the line, the setting and what is
	 * allowed.
	 */
	private void assertScheduleProblem(String setting, String line, String... messages) throws IOException {
		write("verify-integrity.yml", headWith(setting));
		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("verify-integrity.yml, " + line + ":")
			.hasMessageContainingAll(messages);
	}

	private static String headWith(String setting) {
		return schedule(setting.startsWith("cron:") ? setting : "cron: \"0 0 4 * * ?\"\n    " + setting);
	}

	private static String schedule(String settings) {
		return """
				job:
				  summary: s
				  kind: nightly
				  restart: r
				  partitioned: false
				  schedule:
				    %s
				""".formatted(settings);
	}

	private void write(String name, String yaml) throws IOException {
		Files.writeString(this.overrides.resolve(name), yaml);
	}

}
