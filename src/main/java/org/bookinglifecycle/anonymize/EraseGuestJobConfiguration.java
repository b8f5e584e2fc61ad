package org.bookinglifecycle.anonymize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.ExecutionEvidence;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code erase-guest} (GDPR art. 17): resolves the guest's bookings by the HMAC of the
 * email (kept for the job instance: a restart needs no email), refuses while a stay is
 * not finished (listing the references), masks the finished bookings still in
 * {@code bookings} in place with their audit rows, masks every history row of the guest
 * with the irreversible rules in chunks (the anonymization's own statement, with
 * {@code GDPR_ERASE} rows and every login of the guest), then writes a receipt without
 * personal data, signed with an HMAC under {@value ParameterSpec#ERASURE_KEY}, after a
 * residual check that must find nothing.
 */
@Configuration(proxyBeanMethods = false)
public class EraseGuestJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "erase-guest";

	/** The parameter carrying the guest's key ({@code hmac-sha256:<hex>}). */
	public static final String GUEST = "guestEmail";

	@Bean
	Job eraseGuestJob(LifecycleJobs jobs, MaskingRules rules, JdbcTemplate jdbc) {
		MaskingRules erasing = rules.irreversible();
		return jobs.job(JOB)
			.check("jobs/anonymize-guests.yml", rules::problems)
			.check(ParameterSpec.ERASURE_KEY, EraseGuestJobConfiguration::keyProblems)
			.checkRun("The request", (run) -> requestProblems(jdbc, run))
			.check("audit_logs", () -> AuditRowsGuard.conversionProblems(jdbc))
			.dryRun(jobs
				.report("reportErasureStep", "dry run, nothing written: ", SqlFiles.load(JOB, "dry-run"), (run) -> {
					byte[][] pads = Pseudonyms.pads(System.getenv(ParameterSpec.ERASURE_KEY));
					String guest = guestKey(jdbc, run.parameters());
					return new Object[] { pads[0], pads[1], guest, pads[0], pads[1], guest, run.parameters().asOf() };
				})
				.asStep())
			.steps(jobs.tasklet("resolveGuestStep", (run) -> (contribution, chunk) -> {
				resolve(jdbc, run);
				note(contribution.getStepExecution(),
						jdbc.queryForObject("SELECT 'bookings of the guest: '"
								+ " || count(*) FILTER (WHERE source = 'booking_history') || ' in booking_history, '"
								+ " || count(*) FILTER (WHERE source = 'bookings') || ' in bookings'"
								+ " FROM lifecycle_erasure_bookings WHERE job_instance_id = ?", String.class,
								run.jobInstanceId()));
				return RepeatStatus.FINISHED;
			}), jobs.tasklet("maskBookingsStep", (run) -> (contribution, chunk) -> {
				List<String> labels = jdbc.queryForList(SqlFiles.load(JOB, "mask-bookings"), String.class,
						run.jobInstanceId(), erasing.columnsJson(), erasing.pathsJson(), ipRule(erasing));
				note(contribution.getStepExecution(), "masked in place: " + labels.size() + " rows");
				return RepeatStatus.FINISHED;
			}), jobs.<Long, Long>chunkedStep("eraseHistoryStep")
				.reader((run) -> KeysetReader.ids("historyIds", jdbc, SqlFiles.load(JOB, "history-ids"),
						run.parameters().chunkSize(), run.jobInstanceId()))
				.writer((run) -> new CountingUpdateWriter(run, jdbc, null,
						SqlFiles.load(AnonymizeGuestsJobConfiguration.JOB, "anonymize-chunk"), erasing.columnsJson(),
						erasing.pathsJson(), ipRule(erasing), new byte[0], new byte[0], "anonymized", erasing.version(),
						run.jobExecutionId(), run.parameters().asOf().plusDays(1), run.parameters().asOf(),
						"GDPR_ERASE", true, JOB))
				.summary((step, counts) -> StepCounters.line("erased: ", counts))
				.build(), jobs.tasklet("receiptStep", (run) -> (contribution, chunk) -> {
					note(contribution.getStepExecution(), receipt(jdbc, run, erasing));
					return RepeatStatus.FINISHED;
				}));
	}

	/** The receipt in {@code show}. */
	@Bean
	ExecutionEvidence erasureReceipt() {
		return new ExecutionEvidence() {

			@Override
			public String job() {
				return JOB;
			}

			@Override
			public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
				return jdbc.query(
						"SELECT receipt::text AS receipt, signature FROM lifecycle_erasure_receipts"
								+ " WHERE job_instance_id = ? ORDER BY job_execution_id",
						(rs, i) -> "erasure receipt: " + rs.getString("receipt") + " signature hmac-sha256:"
								+ rs.getString("signature"),
						execution.getJobInstance().getInstanceId());
			}

		};
	}

	private static void resolve(JdbcTemplate jdbc, StepRun run) {
		resolveBookings(jdbc, run);
		List<String> unfinished = jdbc.queryForList(SqlFiles.load(JOB, "unfinished"), String.class, run.jobInstanceId(),
				run.parameters().asOf());
		if (!unfinished.isEmpty()) {
			throw new IllegalStateException("refused: the guest has stays not finished on " + run.parameters().asOf()
					+ " (" + String.join(", ", unfinished)
					+ "); an erasure waits until every stay has ended (a booking in progress is still a contract)");
		}
	}

	/**
	 * The guest's bookings, resolved once per job instance by the HMAC of the email (a
	 * restart reads them; no email needed).
	 * @param jdbc the database
	 * @param run the run (its guestEmail parameter, its instance)
	 */
	static void resolveBookings(JdbcTemplate jdbc, StepRun run) {
		Integer resolved = jdbc.queryForObject(
				"SELECT count(*) FROM lifecycle_erasure_bookings WHERE job_instance_id = ?", Integer.class,
				run.jobInstanceId());
		if (resolved == null || resolved == 0) {
			byte[][] pads = Pseudonyms.pads(System.getenv(ParameterSpec.ERASURE_KEY));
			String guest = guestKey(jdbc, run.parameters());
			jdbc.update(SqlFiles.load(JOB, "resolve"), run.jobInstanceId(), pads[0], pads[1], guest,
					run.jobInstanceId(), pads[0], pads[1], guest);
		}
	}

	private static String receipt(JdbcTemplate jdbc, StepRun run, MaskingRules erasing) {
		Map<String, Object> check = jdbc.queryForMap(SqlFiles.load(JOB, "residual"), run.jobInstanceId(),
				run.parameters().asOf());
		long residual = ((Number) check.get("residual")).longValue();
		long held = ((Number) check.get("held")).longValue();
		if (residual > 0) {
			throw new IllegalStateException("the residual check found " + residual
					+ " rows of the guest's bookings still holding personal data; no receipt was written");
		}
		String guest = guestKey(jdbc, run.parameters());
		String receipt = jdbc.queryForObject(SqlFiles.load(JOB, "receipt"), String.class, run.jobInstanceId(), guest,
				erasing.version(), erasing.columns().keySet().toArray(String[]::new),
				erasing.paths().keySet().toArray(String[]::new), residual, held, run.jobInstanceId(),
				run.jobInstanceId(), run.jobInstanceId(), run.jobInstanceId());
		jdbc.update(
				"INSERT INTO lifecycle_erasure_receipts (job_execution_id, job_instance_id, receipt, signature)"
						+ " VALUES (?, ?, CAST(? AS JSONB), '') ON CONFLICT (job_execution_id) DO NOTHING",
				run.jobExecutionId(), run.jobInstanceId(), receipt);
		// signed over the receipt as stored (PostgreSQL's canonical JSONB text)
		String stored = jdbc.queryForObject(
				"SELECT receipt::text FROM lifecycle_erasure_receipts WHERE job_execution_id = ?", String.class,
				run.jobExecutionId());
		String signature = ParameterSpec.hmacHex(System.getenv(ParameterSpec.ERASURE_KEY), stored);
		jdbc.update("UPDATE lifecycle_erasure_receipts SET signature = ? WHERE job_execution_id = ?", signature,
				run.jobExecutionId());
		return "receipt written (residual 0, kept by a legal hold " + held + "), signature hmac-sha256:"
				+ signature.substring(0, 12) + "...";
	}

	/**
	 * The request's guest key: the {@code guestEmail} parameter (already an HMAC), or the
	 * HMAC of the email of the booking {@code bookingReference} names.
	 * @param jdbc the database
	 * @param run the run
	 * @return {@code hmac-sha256:<hex>}, or {@code null} when the reference names no
	 * booking with an email
	 */
	static String guestKey(JdbcTemplate jdbc, RunParameters run) {
		String key = run.textOrNull(guestSpec());
		if (key != null) {
			return key;
		}
		String reference = run.textOrNull(referenceSpec());
		byte[][] pads = Pseudonyms.pads(System.getenv(ParameterSpec.ERASURE_KEY));
		List<String> keys = jdbc.queryForList("SELECT 'hmac-sha256:' || encode(sha256(CAST(? AS BYTEA) ||"
				+ " sha256(CAST(? AS BYTEA) || convert_to(lower(btrim(guest_email)), 'UTF8'))), 'hex')"
				+ " FROM (SELECT guest_email FROM booking_history WHERE booking_reference = ? UNION ALL"
				+ " SELECT guest_email FROM bookings WHERE booking_reference = ?) x WHERE guest_email IS NOT NULL"
				+ " LIMIT 1", String.class, pads[1], pads[0], reference, reference);
		return keys.isEmpty() ? null : keys.get(0);
	}

	/**
	 * Exactly one of guestEmail and bookingReference, and a reference that names a
	 * booking with an email.
	 * @param jdbc the database
	 * @param run the run
	 * @return the problems
	 */
	static List<String> requestProblems(JdbcTemplate jdbc, RunParameters run) {
		boolean email = run.textOrNull(guestSpec()) != null;
		boolean reference = run.textOrNull(referenceSpec()) != null;
		if (email == reference) {
			return List.of("give exactly one of guestEmail (the address, or - to read it from standard input) and"
					+ " bookingReference (a booking of the guest)");
		}
		if (reference && guestKey(jdbc, run) == null) {
			return List.of("bookingReference " + run.textOrNull(referenceSpec())
					+ " names no booking with an email, in bookings or booking_history");
		}
		return List.of();
	}

	static ParameterSpec referenceSpec() {
		return ParameterSpec.optional("bookingReference", ParameterSpec.Type.REFERENCE, null, "a booking of the guest");
	}

	static ParameterSpec guestSpec() {
		return ParameterSpec.optional(GUEST, ParameterSpec.Type.EMAIL, null, "the guest");
	}

	private static String ipRule(MaskingRules rules) {
		return (rules.ipAddress() != null) ? rules.ipAddress().toJson() : null;
	}

	static void note(StepExecution step, String line) {
		step.setExitStatus(step.getExitStatus().addExitDescription(line));
	}

	static List<String> keyProblems() {
		List<String> problems = new ArrayList<>();
		String key = System.getenv(ParameterSpec.ERASURE_KEY);
		if (key == null || key.getBytes(StandardCharsets.UTF_8).length < 16) {
			problems
				.add(ParameterSpec.ERASURE_KEY + " (at least 16 bytes) is " + ((key == null) ? "not set" : "too short")
						+ "; an erasure is identified and its receipt signed with it");
		}
		return problems;
	}

}
