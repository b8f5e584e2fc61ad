package org.bookinglifecycle.anonymize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.definition.ParameterSpec;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code export-guest} (GDPR art. 15 and 20): the guest resolved as erase-guest resolves
 * one (the HMAC of the email), then one JSON document of everything the database holds
 * about the guest written to the file the operator named, readable by its owner only. The
 * document never passes through a log or the job repository: the execution records
 * counts.
 */
@Configuration(proxyBeanMethods = false)
public class ExportGuestJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "export-guest";

	@Bean
	Job exportGuestJob(LifecycleJobs jobs, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.check(ParameterSpec.ERASURE_KEY, EraseGuestJobConfiguration::keyProblems)
			.checkRun("The request", (run) -> EraseGuestJobConfiguration.requestProblems(jdbc, run))
			.steps(jobs.tasklet("resolveGuestStep", (run) -> (contribution, chunk) -> {
				EraseGuestJobConfiguration.resolveBookings(jdbc, run);
				return RepeatStatus.FINISHED;
			}), jobs.tasklet("writeDocumentStep", (run) -> (contribution, chunk) -> {
				Path file = Path.of(run.parameters()
					.text(ParameterSpec.optional("file", ParameterSpec.Type.NEW_FILE, null, "the file")));
				if (Files.exists(file)) {
					EraseGuestJobConfiguration.note(contribution.getStepExecution(),
							"the file was written by an earlier execution of this request; left as it is");
					return RepeatStatus.FINISHED;
				}
				Map<String, Object> document = jdbc
					.queryForMap("SELECT d::text AS text," + " jsonb_array_length(d -> 'bookings') AS bookings,"
							+ " jsonb_array_length(d -> 'booking_history') AS history,"
							+ " jsonb_array_length(d -> 'audit_events') + jsonb_array_length(d -> 'kept_audit_events')"
							+ " AS audit, jsonb_array_length(d -> 'logins') AS logins FROM ("
							+ SqlFiles.load(JOB, "document").replaceAll(";\\s*$", "") + ") x (d)", run.jobInstanceId(),
							EraseGuestJobConfiguration.guestKey(jdbc, run.parameters()));
				write(file, (String) document.get("text"));
				EraseGuestJobConfiguration.note(contribution.getStepExecution(),
						"exported: bookings=" + document.get("bookings") + ", booking_history="
								+ document.get("history") + ", audit events=" + document.get("audit") + ", logins="
								+ document.get("logins"));
				return RepeatStatus.FINISHED;
			}));
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: its own defaults apply
			}
		}
		catch (FileAlreadyExistsException ex) {
			throw new IllegalStateException("the file appeared meanwhile; nothing was overwritten", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write the export: " + ex.getMessage(), ex);
		}
	}

}
