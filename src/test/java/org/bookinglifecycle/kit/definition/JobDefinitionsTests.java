package org.bookinglifecycle.kit.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.JobKind;
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
			.containsExactly("archive-bookings", "backfill-audit-log-ids", "backfill-retention", "maintain-partitions",
					"partition-audit-logs", "purge-retention", "verify-integrity");
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
					"backfill-audit-log-ids", "purge-retention", "verify-integrity");
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

	private void assertProblem(String yaml, String line, String message) throws IOException {
		write("verify-integrity.yml", yaml);
		assertThatThrownBy(() -> JobDefinitions.load(this.overrides)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining(line)
			.hasMessageContaining(message);
	}

	private void write(String name, String yaml) throws IOException {
		Files.writeString(this.overrides.resolve(name), yaml);
	}

}
