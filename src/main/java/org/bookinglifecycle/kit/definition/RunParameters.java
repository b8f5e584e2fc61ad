package org.bookinglifecycle.kit.definition;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The one typed parameters object of a run: the common parameters of the job contract and
 * typed access to a job's own. Every value was filled in when the run was requested
 * ({@link LifecycleJobSpec#parse}, with the injected clock for {@code asOf}), so nothing
 * here has a default of its own but the specs below. {@code asOf} and {@code dryRun}
 * identify a job instance: a rerun with the same business date continues the same night;
 * the tuning knobs can change between a run and its restart.
 */
public final class RunParameters {

	/** Business date the rules are evaluated against; defaults to today. */
	public static final String AS_OF = "asOf";

	/** Report what would be done, write nothing. */
	public static final String DRY_RUN = "dryRun";

	/** Rows per chunk, each chunk one transaction. */
	public static final String CHUNK_SIZE = "chunkSize";

	/** Stop cleanly at a chunk boundary once this much time has passed (STOPPED). */
	public static final String MAX_RUNTIME = "maxRuntime";

	/** Pause between chunks, to bound the load on the platform's database. */
	public static final String THROTTLE = "throttle";

	/** Id ranges a partitioned step processes in parallel. */
	public static final String GRID_SIZE = "gridSize";

	/** The largest chunk allowed: larger chunks hold locks and WAL too long. */
	public static final int MAX_CHUNK_SIZE = 100_000;

	private static final ParameterSpec CHUNK_SIZE_SPEC = ParameterSpec
		.optional(CHUNK_SIZE, ParameterSpec.Type.INTEGER, "1000", "rows per chunk (one transaction)")
		.atMost(MAX_CHUNK_SIZE);

	private static final ParameterSpec THROTTLE_SPEC = ParameterSpec.optional(THROTTLE, ParameterSpec.Type.DURATION,
			"0ms", "pause between chunks");

	/** The parameters every job takes. */
	public static final List<ParameterSpec> COMMON = List.of(
			ParameterSpec.optional(AS_OF, ParameterSpec.Type.DATE, null, "business date (default today)")
				.identifyingInstance(),
			ParameterSpec.optional(DRY_RUN, ParameterSpec.Type.BOOLEAN, "false", "report only, write nothing")
				.identifyingInstance(),
			CHUNK_SIZE_SPEC, ParameterSpec.optional(MAX_RUNTIME, ParameterSpec.Type.DURATION, null,
					"stop cleanly at a chunk boundary after this long"),
			THROTTLE_SPEC);

	/**
	 * What a partitioned job takes besides: ranges in parallel, default the number of
	 * cores, at most 8 (the connection pool has 10).
	 */
	public static final ParameterSpec GRID_SIZE_SPEC = ParameterSpec
		.optional(GRID_SIZE, ParameterSpec.Type.INTEGER,
				String.valueOf(Math.min(8, Runtime.getRuntime().availableProcessors())),
				"id ranges processed in parallel (default: the number of cores)")
		.atMost(8);

	private final JobParameters parameters;

	private RunParameters(JobParameters parameters) {
		this.parameters = parameters;
	}

	/**
	 * The typed view of a run's parameters.
	 * @param parameters the job parameters
	 * @return the run's parameters
	 */
	public static RunParameters of(JobParameters parameters) {
		return new RunParameters(parameters);
	}

	/**
	 * The business date of the run.
	 * @return {@code asOf}
	 * @throws IllegalStateException if the run has none (the spec's validator refuses
	 * such a run)
	 */
	public LocalDate asOf() {
		LocalDate asOf = this.parameters.getLocalDate(AS_OF);
		if (asOf == null) {
			throw new IllegalStateException("the run has no asOf");
		}
		return asOf;
	}

	/**
	 * Whether this is a dry run.
	 * @return {@code dryRun}
	 */
	public boolean dryRun() {
		JobParameter<?> dryRun = this.parameters.getParameter(DRY_RUN);
		return dryRun != null && Boolean.TRUE.equals(dryRun.value());
	}

	/**
	 * Rows per chunk.
	 * @return {@code chunkSize}
	 */
	public int chunkSize() {
		return (int) number(CHUNK_SIZE_SPEC);
	}

	/**
	 * Ranges in parallel of a partitioned step.
	 * @return {@code gridSize}
	 */
	public int gridSize() {
		return (int) number(GRID_SIZE_SPEC);
	}

	/**
	 * The pause between chunks.
	 * @return {@code throttle}
	 */
	public Duration throttle() {
		return Duration.parse(text(THROTTLE_SPEC));
	}

	/**
	 * The time after which the run stops at its next chunk boundary.
	 * @return {@code maxRuntime}, or {@code null} for no limit
	 */
	public Duration maxRuntime() {
		String maxRuntime = this.parameters.getString(MAX_RUNTIME);
		return (maxRuntime != null) ? Duration.parse(maxRuntime) : null;
	}

	/**
	 * A text or choice parameter of the job's own, its spec's default if the run has none
	 * (an execution started before the parameter existed).
	 * @param spec the parameter
	 * @return its value
	 */
	public String text(ParameterSpec spec) {
		String value = this.parameters.getString(spec.name());
		return (value != null) ? value : String.valueOf(spec.parse(spec.defaultValue()).value());
	}

	/**
	 * A text, choice or name parameter that may be absent (no default).
	 * @param spec the parameter
	 * @return its value, or {@code null} when the run has none
	 */
	public String textOrNull(ParameterSpec spec) {
		String value = this.parameters.getString(spec.name());
		return (value != null || spec.defaultValue() == null) ? value : text(spec);
	}

	/**
	 * A whole-number parameter, its spec's default if the run has none.
	 * @param spec the parameter
	 * @return its value
	 */
	public long number(ParameterSpec spec) {
		Long value = this.parameters.getLong(spec.name());
		return (value != null) ? value : (Long) spec.parse(spec.defaultValue()).value();
	}

	/**
	 * The parameters as Spring Batch keeps them.
	 * @return the job parameters
	 */
	public JobParameters jobParameters() {
		return this.parameters;
	}

}
