package org.bookinglifecycle.kit;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

/**
 * The parameters every job takes (DESIGN.md, common contract) and typed access to them.
 * {@code asOf} and {@code dryRun} identify a job instance: a rerun with the same business
 * date continues the same night; the tuning knobs can change between a run and its
 * restart.
 */
public final class CommonParameters {

	/** Business date the rules are evaluated against; defaults to today. */
	public static final String AS_OF = "asOf";

	/** Report what would be done, write nothing. */
	public static final String DRY_RUN = "dryRun";

	/** Rows per chunk, each chunk one transaction. */
	public static final String CHUNK_SIZE = "chunkSize";

	/**
	 * Stop cleanly at a chunk boundary once this much time has passed (status STOPPED).
	 */
	public static final String MAX_RUNTIME = "maxRuntime";

	/** Pause between chunks, to bound the load on the platform's database. */
	public static final String THROTTLE = "throttle";

	/** The largest chunk allowed: larger chunks hold locks and WAL too long. */
	public static final int MAX_CHUNK_SIZE = 100_000;

	/** The specs of the common parameters. */
	public static final List<ParameterSpec> ALL = List.of(
			ParameterSpec.optional(AS_OF, ParameterSpec.Type.DATE, null, "business date (default today)")
				.identifyingInstance(),
			ParameterSpec.optional(DRY_RUN, ParameterSpec.Type.BOOLEAN, "false", "report only, write nothing")
				.identifyingInstance(),
			ParameterSpec.optional(CHUNK_SIZE, ParameterSpec.Type.INTEGER, "1000", "rows per chunk (one transaction)")
				.atMost(MAX_CHUNK_SIZE),
			ParameterSpec.optional(MAX_RUNTIME, ParameterSpec.Type.DURATION, null,
					"stop cleanly at a chunk boundary after this long"),
			ParameterSpec.optional(THROTTLE, ParameterSpec.Type.DURATION, "0ms", "pause between chunks"));

	private CommonParameters() {
	}

	/**
	 * The business date of a run.
	 * @param parameters the job parameters
	 * @return {@code asOf}
	 */
	public static LocalDate asOf(JobParameters parameters) {
		LocalDate asOf = parameters.getLocalDate(AS_OF);
		return (asOf != null) ? asOf : LocalDate.now();
	}

	/**
	 * Whether this is a dry run.
	 * @param parameters the job parameters
	 * @return {@code dryRun}
	 */
	public static boolean isDryRun(JobParameters parameters) {
		JobParameter<?> dryRun = parameters.getParameter(DRY_RUN);
		return dryRun != null && Boolean.TRUE.equals(dryRun.value());
	}

	/**
	 * The chunk size of a run.
	 * @param parameters the job parameters
	 * @return {@code chunkSize}, 1000 when not given
	 */
	public static int chunkSize(JobParameters parameters) {
		Long size = parameters.getLong(CHUNK_SIZE);
		return (size != null) ? size.intValue() : 1000;
	}

	/**
	 * The pause between chunks.
	 * @param stepExecution the running step
	 * @return {@code throttle}, zero when not given
	 */
	public static Duration throttle(StepExecution stepExecution) {
		String throttle = stepExecution.getJobParameters().getString(THROTTLE);
		return (throttle != null) ? Duration.parse(throttle) : Duration.ZERO;
	}

	/**
	 * The time after which a run stops at its next chunk boundary.
	 * @param stepExecution the running step
	 * @return {@code maxRuntime}, or {@code null} for no limit
	 */
	public static Duration maxRuntime(StepExecution stepExecution) {
		String maxRuntime = stepExecution.getJobParameters().getString(MAX_RUNTIME);
		return (maxRuntime != null) ? Duration.parse(maxRuntime) : null;
	}

}
