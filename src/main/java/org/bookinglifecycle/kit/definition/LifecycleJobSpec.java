package org.bookinglifecycle.kit.definition;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.JobSchedule;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * What ops need to know to run a job, from its definition ({@code jobs/<job>.yml}): its
 * name, purpose, kind, how a rerun behaves, the parameters it takes and its schedule. The
 * same spec parses the CLI's {@code name=value} arguments and validates parameters
 * however the job is launched (CLI, scheduler, restart).
 *
 * @param name the job name ops type
 * @param summary one line on what it does
 * @param kind nightly, one-off or on request
 * @param restart how a rerun of the same {@code asOf} behaves
 * @param parameters every parameter the job accepts, the common ones first
 * @param schedule when it runs, or {@code null}
 * @param source the file that defines it, for messages
 */
public record LifecycleJobSpec(String name, String summary, JobKind kind, String restart,
		List<ParameterSpec> parameters, JobSchedule schedule, String source) {

	/** The marker added to a dry run's identity so every dry run is a fresh instance. */
	public static final String DRY_RUN_ID = "dryRunId";

	/**
	 * A job taking the common parameters (the job contract) and its own.
	 * @param name the job name
	 * @param summary one line
	 * @param kind nightly, one-off or on request
	 * @param restart rerun semantics
	 * @param own the job's own parameters
	 * @return the spec
	 */
	public static LifecycleJobSpec of(String name, String summary, JobKind kind, String restart, ParameterSpec... own) {
		List<ParameterSpec> all = new ArrayList<>(RunParameters.COMMON);
		all.addAll(List.of(own));
		return new LifecycleJobSpec(name, summary, kind, restart, List.copyOf(all), null, null);
	}

	/**
	 * Turn {@code name=value} arguments into job parameters, every default filled in.
	 * @param arguments the arguments as typed
	 * @param dryRun whether {@code --dry-run} was given
	 * @param clock the clock giving today's date for {@code asOf}
	 * @return the parameters
	 * @throws BadUsageException for a malformed argument, an unknown or repeated name, a
	 * bad value or a missing required parameter
	 */
	public JobParameters parse(List<String> arguments, boolean dryRun, Clock clock) {
		Map<String, String> given = new LinkedHashMap<>();
		for (String argument : arguments) {
			int eq = argument.indexOf('=');
			if (eq <= 0) {
				throw new BadUsageException("Malformed job parameter '" + argument
						+ "': expected name=value, with name one of " + names() + ".");
			}
			String key = argument.substring(0, eq).strip();
			ParameterSpec spec = find(key);
			if (spec == null) {
				throw new BadUsageException(
						"Unknown parameter '" + key + "' for job " + this.name + ": allowed are " + names() + ".");
			}
			if (given.put(key, argument.substring(eq + 1)) != null) {
				throw new BadUsageException("Parameter " + key + " is given twice.");
			}
		}
		if (dryRun) {
			String previous = given.put(RunParameters.DRY_RUN, "true");
			if ("false".equalsIgnoreCase(previous)) {
				throw new BadUsageException("--dry-run contradicts dryRun=false.");
			}
		}
		JobParametersBuilder builder = new JobParametersBuilder();
		for (ParameterSpec spec : this.parameters) {
			String value = given.get(spec.name());
			if (value == null && spec.name().equals(RunParameters.AS_OF)) {
				value = LocalDate.now(clock).toString();
			}
			if (value == null) {
				value = spec.defaultValue();
			}
			if (value == null) {
				if (spec.required()) {
					throw new BadUsageException("Job " + this.name + " needs parameter " + spec.name() + " ("
							+ spec.allowed() + "): " + spec.description() + ".");
				}
				continue;
			}
			builder.addJobParameter(spec.parse(value));
		}
		if (RunParameters.of(builder.toJobParameters()).dryRun()) {
			// A dry run writes nothing, so it never blocks or resumes a real run of the
			// same night.
			builder.addLong(DRY_RUN_ID, Instant.now(clock).toEpochMilli(), true);
		}
		return builder.toJobParameters();
	}

	/**
	 * A validator that checks parameters against this spec, whoever launched the job.
	 * @return the validator
	 */
	public JobParametersValidator validator() {
		return (parameters) -> {
			for (JobParameter<?> parameter : parameters) {
				if (find(parameter.name()) == null && !parameter.name().equals(DRY_RUN_ID)) {
					throw new InvalidJobParametersException("Unknown parameter '" + parameter.name() + "' for job "
							+ this.name + ": allowed are " + names());
				}
			}
			for (ParameterSpec spec : this.parameters) {
				if ((spec.required() || spec.name().equals(RunParameters.AS_OF))
						&& parameters.getParameter(spec.name()) == null) {
					throw new InvalidJobParametersException("Job " + this.name + " needs parameter " + spec.name());
				}
			}
		};
	}

	/**
	 * The parameter of that name.
	 * @param key the name
	 * @return its spec, or {@code null}
	 */
	public ParameterSpec find(String key) {
		return this.parameters.stream().filter((p) -> p.name().equals(key)).findFirst().orElse(null);
	}

	private String names() {
		return this.parameters.stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
	}

}
