package org.bookinglifecycle.anonymize;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.domain.AuditRowsGuard;
import org.bookinglifecycle.kit.CountingUpdateWriter;
import org.bookinglifecycle.kit.KeysetReader;
import org.bookinglifecycle.kit.LifecycleJobs;
import org.bookinglifecycle.kit.StatusContributor;
import org.bookinglifecycle.kit.StepCounters;
import org.bookinglifecycle.kit.StepRun;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code anonymize-guests}: a dry run reports what is due (history rows, their audit
 * rows, stays never archived past the limit, what legal holds keep); a real run masks,
 * chunk by chunk, each chunk one statement in one transaction (see
 * {@code sql/jobs/anonymize-guests/anonymize-chunk.sql}), then reports what is left.
 * Restartable from its last committed chunk; a masked row is never masked twice (its
 * {@code anonymized_at} is set).
 */
@Configuration(proxyBeanMethods = false)
public class AnonymizeGuestsJobConfiguration {

	/** The job name ops type. */
	public static final String JOB = "anonymize-guests";

	@Bean
	MaskingRules maskingRules(JobDefinitions definitions) {
		return MaskingRules.load(definitions.files().get(JOB + ".yml"));
	}

	@Bean
	StatusContributor anonymizeStatus(MaskingRules rules, java.time.Clock clock) {
		String after = rules.after().toString();
		// today from the application's clock at each call, never the database's
		return (jdbc, exact) -> StatusContributor.fromSql(jdbc, JOB, List.of(after, LocalDate.now(clock), after),
				exact);
	}

	@Bean
	Job anonymizeGuestsJob(LifecycleJobs jobs, MaskingRules rules, JdbcTemplate jdbc) {
		return jobs.job(JOB)
			.check("jobs/anonymize-guests.yml", rules::problems)
			.check(MaskingRules.SECRET_VARIABLE, () -> secretProblems(rules))
			.check("audit_logs", () -> AuditRowsGuard.conversionProblems(jdbc))
			.analyze("booking_history")
			.dryRun(jobs
				.report("reportAnonymizeStep", "dry run, nothing written: ", SqlFiles.load(JOB, "plan"),
						(run) -> planParameters(rules, run.parameters()))
				.asStep())
			.steps(jobs.<Long, Long>chunkedStep("anonymizeGuestsStep")
				.reader((run) -> KeysetReader.ids("historyIds", jdbc, SqlFiles.load(JOB, "candidate-ids"),
						run.parameters().chunkSize(), limit(rules, run.parameters())))
				.writer((run) -> new CountingUpdateWriter(run, jdbc, JOB, SqlFiles.load(JOB, "anonymize-chunk"),
						ChunkMasking
							.nightly(rules, run.jobExecutionId(), limit(rules, run.parameters()),
									run.parameters().asOf())
							.parameters())
					.genericPlan())
				.summary((step, counts) -> StepCounters.line("masked: ", counts))
				.build(), jobs.tasklet("maskLoginsStep", (run) -> (contribution, chunk) -> {
					byte[][] pads = pads(rules);
					int masked = jdbc.update(SqlFiles.load(JOB, "mask-logins"), rules.pathsJson(),
							ChunkMasking.ipRule(rules), pads[0], pads[1], limit(rules, run.parameters()),
							run.parameters().asOf());
					contribution.getStepExecution()
						.setExitStatus(contribution.getStepExecution()
							.getExitStatus()
							.addExitDescription("logins of masked guests before the limit, masked now: " + masked));
					return RepeatStatus.FINISHED;
				}), jobs
					.report("reportAnonymizeLeftStep", "left after the run: ", SqlFiles.load(JOB, "plan"),
							(run) -> planParameters(rules, run.parameters()))
					.asStep());
	}

	/** The date a check-out must be before to be due: asOf minus the limit. */
	static LocalDate limit(MaskingRules rules, RunParameters run) {
		return run.asOf().minus(rules.after());
	}

	private static Object[] planParameters(MaskingRules rules, RunParameters run) {
		LocalDate limit = limit(rules, run);
		return new Object[] { run.asOf(), limit, run.asOf(), limit, limit, limit };
	}

	private static byte[][] pads(MaskingRules rules) {
		return Pseudonyms.pads(rules.needsSecret() ? System.getenv(MaskingRules.SECRET_VARIABLE) : null);
	}

	private static List<String> secretProblems(MaskingRules rules) {
		List<String> problems = new ArrayList<>();
		if (rules.needsSecret()) {
			String secret = System.getenv(MaskingRules.SECRET_VARIABLE);
			if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 16) {
				problems.add("a rule of jobs/anonymize-guests.yml is a pseudonym, which needs the secret in "
						+ MaskingRules.SECRET_VARIABLE + " (at least 16 bytes); it is "
						+ ((secret == null) ? "not set" : "too short") + ". Set it, or use irreversible rules only");
			}
			String erasureKey = System.getenv(ParameterSpec.ERASURE_KEY);
			if (erasureKey == null || erasureKey.getBytes(StandardCharsets.UTF_8).length < 16) {
				problems.add("a rule of jobs/anonymize-guests.yml is a pseudonym: a pseudonymized stay keeps its"
						+ " guest's key (an HMAC under " + ParameterSpec.ERASURE_KEY
						+ ") so that an erasure can still find it, and that key (at least 16 bytes) is "
						+ ((erasureKey == null) ? "not set" : "too short")
						+ ". Set it, or use irreversible rules only");
			}
		}
		return problems;
	}

}
