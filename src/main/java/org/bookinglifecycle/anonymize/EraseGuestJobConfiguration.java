package org.bookinglifecycle.anonymize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code erase-guest} (GDPR art. 17): resolves the guest's bookings by the HMAC of the
 * email (kept for the job instance with the guest's user accounts and the fingerprints of
 * the guest's values: a restart needs no email), refuses while a stay is not finished,
 * masks with the irreversible rules everything of the guest a legal hold does not keep
 * (the bookings still in {@code bookings} in place, every history row in chunks with the
 * anonymization's own statement, every audit row of the guest's accounts, the copies kept
 * for holds and the legacy table of a conversion), then searches every table that can
 * hold a copy for the guest's values by their fingerprints and writes a receipt without
 * personal data, signed with an HMAC under {@value ParameterSpec#ERASURE_KEY}, only when
 * nothing is found.
 */
@Configuration(proxyBeanMethods = false)
public class EraseGuestJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "erase-guest";

	/** The parameter carrying the guest's key ({@code hmac-sha256:<hex>}). */
	public static final String GUEST = "guestEmail";

	/**
	 * Words of the suite's own audit entries (job names, methods): never fingerprints of
	 * a guest's name or free text, which would find them in every masked trail.
	 */
	private static final List<String> SUITE_WORDS = List.of("erase-guest", "anonymize-guests", "archive-bookings",
			"anonymized", "pseudonymized", "GDPR_ERASE", "GDPR_ANONYMIZE");

	@Bean
	Job eraseGuestJob(LifecycleJobs jobs, MaskingRules rules, JdbcTemplate jdbc) {
		MaskingRules erasing = rules.irreversible();
		return jobs.job(JOB)
			.check("jobs/anonymize-guests.yml", rules::problems)
			.check(ParameterSpec.ERASURE_KEY, EraseGuestJobConfiguration::keyProblems)
			.checkRun("The request", (run) -> requestProblems(jdbc, run))
			.check("audit_logs", () -> AuditRowsGuard.conversionProblems(jdbc))
			.check("audit_logs", () -> AuditRowsGuard.detachedMonths(jdbc, "erasing a guest"))
			.dryRun(jobs
				.report("reportErasureStep", "dry run, nothing written: ", SqlFiles.load(JOB, "dry-run"), (run) -> {
					byte[][] pads = erasurePads();
					return new Object[] { pads[0], pads[1], guestKey(jdbc, run.parameters()), run.parameters().asOf() };
				})
				.asStep())
			.steps(jobs.tasklet("resolveGuestStep", (run) -> (contribution, chunk) -> {
				resolve(jdbc, run, rules, erasing);
				note(contribution.getStepExecution(), resolvedLine(jdbc, run));
				return RepeatStatus.FINISHED;
			}), maskStep(jobs, jdbc, "maskBookingsStep", "mask-bookings", "masked in place: ",
					(run) -> new Object[] { run.jobInstanceId(), run.parameters().asOf(), erasing.columnsJson(),
							erasing.pathsJson(), ChunkMasking.ipRule(erasing) }),
					eraseHistoryStep(jobs, jdbc, erasing),
					maskStep(jobs, jdbc, "maskAccountsStep", "mask-accounts", "audit rows of the guest's accounts: ",
							(run) -> accountParameters(run, erasing)),
					jobs.tasklet("maskLegacyStep", (run) -> (contribution, chunk) -> {
						note(contribution.getStepExecution(),
								legacyExists(jdbc) ? "audit_logs_legacy: " + jdbc
									.queryForList(SqlFiles.load(JOB, "mask-legacy"), String.class,
											accountParameters(run, erasing))
									.size() + " rows masked" : "no audit_logs_legacy");
						return RepeatStatus.FINISHED;
					}), jobs.tasklet("receiptStep", (run) -> (contribution, chunk) -> {
						note(contribution.getStepExecution(), receipt(jdbc, run, erasing));
						return RepeatStatus.FINISHED;
					}));
	}

	private static Step maskStep(LifecycleJobs jobs, JdbcTemplate jdbc, String name, String sql, String heading,
			java.util.function.Function<StepRun, Object[]> parameters) {
		return jobs.tasklet(name, (run) -> (contribution, chunk) -> {
			List<String> labels = jdbc.queryForList(SqlFiles.load(JOB, sql), String.class, parameters.apply(run));
			note(contribution.getStepExecution(), heading + labels.size() + " rows");
			return RepeatStatus.FINISHED;
		});
	}

	private static Step eraseHistoryStep(LifecycleJobs jobs, JdbcTemplate jdbc, MaskingRules erasing) {
		return jobs.<Long, Long>chunkedStep("eraseHistoryStep")
			.reader((run) -> KeysetReader.ids("historyIds", jdbc, SqlFiles.load(JOB, "history-ids"),
					run.parameters().chunkSize(), run.jobInstanceId()))
			.writer((run) -> new CountingUpdateWriter(run, jdbc, null,
					SqlFiles.load(AnonymizeGuestsJobConfiguration.JOB, "anonymize-chunk"),
					ChunkMasking.erasure(erasing, run.jobExecutionId(), run.parameters().asOf()).parameters())
				.genericPlan())
			.summary((step, counts) -> StepCounters.line("erased: ", counts))
			.build();
	}

	private static Object[] accountParameters(StepRun run, MaskingRules erasing) {
		return new Object[] { run.jobInstanceId(), run.parameters().asOf(), erasing.pathsJson(),
				ChunkMasking.ipRule(erasing) };
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

	/**
	 * The first step: the guest's bookings, then (once, in the same transaction) the
	 * guest's user accounts and the fingerprints of the guest's values, taken before
	 * anything is masked; refused while a stay is not finished.
	 */
	private static void resolve(JdbcTemplate jdbc, StepRun run, MaskingRules rules, MaskingRules erasing) {
		resolveBookings(jdbc, run);
		List<String> unfinished = jdbc.queryForList(SqlFiles.load(JOB, "unfinished"), String.class, run.jobInstanceId(),
				run.parameters().asOf());
		if (!unfinished.isEmpty()) {
			throw new IllegalStateException("refused: the guest has stays not finished on " + run.parameters().asOf()
					+ " (" + String.join(", ", unfinished)
					+ "); an erasure waits until every stay has ended (a booking in progress is still a contract)");
		}
		jdbc.update(SqlFiles.load(JOB, "resolve-users"), run.jobInstanceId());
		Integer taken = jdbc.queryForObject(
				"SELECT count(*) FROM lifecycle_erasure_fingerprints WHERE job_instance_id = ?", Integer.class,
				run.jobInstanceId());
		if (taken == null || taken == 0) {
			byte[][] pads = erasurePads();
			byte[][] pseudonymPads = Pseudonyms.pads(pseudonymKey());
			jdbc.update(SqlFiles.load(JOB, "fingerprint"), run.jobInstanceId(), pads[0], pads[1], pseudonymPads[0],
					pseudonymPads[1], maskedForms(rules, erasing));
		}
	}

	private static String resolvedLine(JdbcTemplate jdbc, StepRun run) {
		return jdbc.queryForObject(
				"SELECT 'bookings of the guest: '"
						+ " || count(*) FILTER (WHERE source = 'booking_history') || ' in booking_history, '"
						+ " || count(*) FILTER (WHERE source = 'bookings') || ' in bookings; user accounts: '"
						+ " || (SELECT count(*) FROM lifecycle_erasure_users WHERE job_instance_id = ?)"
						+ " FROM lifecycle_erasure_bookings WHERE job_instance_id = ?",
				String.class, run.jobInstanceId(), run.jobInstanceId());
	}

	/**
	 * The values a masked field may hold (each rule's constant or template) and the words
	 * of the suite's own audit entries: never the guest's.
	 */
	private static String[] maskedForms(MaskingRules rules, MaskingRules erasing) {
		return Stream
			.concat(Stream.concat(rules.all().stream(), erasing.all().stream())
				.map(MaskingRules.Rule::value)
				.filter((value) -> value != null), SUITE_WORDS.stream())
			.distinct()
			.toArray(String[]::new);
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
			byte[][] pads = erasurePads();
			jdbc.update(SqlFiles.load(JOB, "resolve"), run.jobInstanceId(), pads[0], pads[1],
					guestKey(jdbc, run.parameters()));
		}
	}

	private static String receipt(JdbcTemplate jdbc, StepRun run, MaskingRules erasing) {
		ResidualCheck check = ResidualCheck.run(jdbc, run.jobInstanceId(), run.parameters().asOf(), erasurePads(),
				legacyExists(jdbc));
		if (!check.clean()) {
			throw new IllegalStateException("the residual check found the guest's data left after the masking: "
					+ check.describe() + " (rows per table, column, key path and kind; no value is shown); no"
					+ " receipt was written. Mask or remove what it names, then restart this execution");
		}
		String guest = guestKey(jdbc, run.parameters());
		String receipt = jdbc.queryForObject(SqlFiles.load(JOB, "receipt"), String.class, run.jobInstanceId(), guest,
				erasing.version(), erasing.columns().keySet().toArray(String[]::new),
				erasing.paths().keySet().toArray(String[]::new), 0L, check.searched().toArray(String[]::new),
				run.parameters().asOf());
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
		// the fingerprints served this check only
		jdbc.update("DELETE FROM lifecycle_erasure_fingerprints WHERE job_instance_id = ?", run.jobInstanceId());
		Long held = jdbc
			.queryForObject("SELECT (receipt ->> 'held_by_legal_hold')::bigint FROM lifecycle_erasure_receipts"
					+ " WHERE job_execution_id = ?", Long.class, run.jobExecutionId());
		return "receipt written (residual 0, kept by a legal hold " + held + "), signature hmac-sha256:"
				+ signature.substring(0, 12) + "...";
	}

	private static boolean legacyExists(JdbcTemplate jdbc) {
		return Boolean.TRUE
			.equals(jdbc.queryForObject("SELECT to_regclass('audit_logs_legacy') IS NOT NULL", Boolean.class));
	}

	/**
	 * The request's guest key: the {@code guestEmail} parameter (already an HMAC), or the
	 * key of the booking {@code bookingReference} names (the guest key a pseudonymized
	 * history row keeps, else the HMAC of its email).
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
		byte[][] pads = erasurePads();
		List<String> keys = jdbc.queryForList("SELECT key FROM (SELECT COALESCE(guest_key,"
				+ " lifecycle_guest_key(guest_email, CAST(? AS BYTEA), CAST(? AS BYTEA))) AS key FROM booking_history"
				+ " WHERE booking_reference = ? UNION ALL SELECT lifecycle_guest_key(guest_email, CAST(? AS BYTEA),"
				+ " CAST(? AS BYTEA)) FROM bookings WHERE booking_reference = ?) x WHERE key IS NOT NULL LIMIT 1",
				String.class, pads[0], pads[1], reference, pads[0], pads[1], reference);
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

	static void note(StepExecution step, String line) {
		step.setExitStatus(step.getExitStatus().addExitDescription(line));
	}

	/** The erasure key's HMAC pads. */
	static byte[][] erasurePads() {
		return Pseudonyms.pads(System.getenv(ParameterSpec.ERASURE_KEY));
	}

	/** The pseudonym key, when it is set and long enough; else {@code null}. */
	private static String pseudonymKey() {
		String key = System.getenv(MaskingRules.SECRET_VARIABLE);
		return (key != null && key.getBytes(StandardCharsets.UTF_8).length >= 16) ? key : null;
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
