package org.bookinglifecycle.kit.definition;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.kit.definition.RunParameters;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleJobSpecTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

	private final LifecycleJobSpec spec = LifecycleJobSpec.of("some-job", "does things", JobKind.NIGHTLY, "continues",
			ParameterSpec.optional("mode", ParameterSpec.Type.CHOICE, "missing", "which rows")
				.oneOf("missing", "refresh"));

	@Test
	void defaultsFillInAndAsOfIsToday() {
		JobParameters parameters = this.spec.parse(List.of(), false, CLOCK);

		assertThat(parameters.getLocalDate("asOf")).isEqualTo(LocalDate.of(2026, 11, 25));
		assertThat(RunParameters.of(parameters).dryRun()).isFalse();
		assertThat(parameters.getLong("chunkSize")).isEqualTo(1000L);
		assertThat(parameters.getString("mode")).isEqualTo("missing");
		assertThat(parameters.getIdentifyingParameters()).extracting("name")
			.containsExactlyInAnyOrder("asOf", "dryRun");
	}

	@Test
	void givenValuesAreTyped() {
		JobParameters parameters = this.spec.parse(
				List.of("asOf=2026-01-31", "chunkSize=500", "maxRuntime=30m", "throttle=250ms", "mode=refresh"), false,
				CLOCK);

		assertThat(parameters.getLocalDate("asOf")).isEqualTo(LocalDate.of(2026, 1, 31));
		assertThat(parameters.getLong("chunkSize")).isEqualTo(500L);
		assertThat(parameters.getString("maxRuntime")).isEqualTo("PT30M");
		assertThat(parameters.getString("throttle")).isEqualTo("PT0.25S");
		assertThat(parameters.getString("mode")).isEqualTo("refresh");
	}

	@Test
	void eachDryRunIsItsOwnInstance() {
		JobParameters dryRun = this.spec.parse(List.of(), true, CLOCK);

		assertThat(RunParameters.of(dryRun).dryRun()).isTrue();
		assertThat(dryRun.getParameter(LifecycleJobSpec.DRY_RUN_ID)).isNotNull();
		assertThat(dryRun.getParameter(LifecycleJobSpec.DRY_RUN_ID).identifying()).isTrue();
	}

	@Test
	void badInputNamesTheParameterAndWhatIsAllowed() {
		assertThatThrownBy(() -> this.spec.parse(List.of("chunkSize"), false, CLOCK))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining("Malformed job parameter 'chunkSize'")
			.hasMessageContaining("asOf, dryRun, chunkSize, maxRuntime, throttle, mode");
		assertThatThrownBy(() -> this.spec.parse(List.of("chunk=5"), false, CLOCK))
			.isInstanceOf(BadUsageException.class)
			.hasMessageContaining("Unknown parameter 'chunk'");
		assertThatThrownBy(() -> this.spec.parse(List.of("chunkSize=0"), false, CLOCK))
			.hasMessageContaining("chunkSize='0'")
			.hasMessageContaining("a whole number from 1 to 100000");
		assertThatThrownBy(() -> this.spec.parse(List.of("asOf=25/11/2026"), false, CLOCK))
			.hasMessageContaining("asOf='25/11/2026'")
			.hasMessageContaining("YYYY-MM-DD");
		assertThatThrownBy(() -> this.spec.parse(List.of("throttle=-5s"), false, CLOCK))
			.hasMessageContaining("throttle='-5s'");
		assertThatThrownBy(() -> this.spec.parse(List.of("dryRun=maybe"), false, CLOCK))
			.hasMessageContaining("true or false");
		assertThatThrownBy(() -> this.spec.parse(List.of("mode=all"), false, CLOCK))
			.hasMessageContaining("one of missing, refresh");
		assertThatThrownBy(() -> this.spec.parse(List.of("chunkSize=5", "chunkSize=6"), false, CLOCK))
			.hasMessageContaining("given twice");
		assertThatThrownBy(() -> this.spec.parse(List.of("dryRun=false"), true, CLOCK))
			.hasMessageContaining("--dry-run contradicts dryRun=false");
	}

	@Test
	void requiredParameterMustBeGiven() {
		LifecycleJobSpec erase = LifecycleJobSpec.of("erase", "erase one guest", JobKind.ON_REQUEST, "continues",
				new ParameterSpec("bookingId", ParameterSpec.Type.INTEGER, true, true, null, "the booking", List.of(),
						Long.MAX_VALUE));

		assertThatThrownBy(() -> erase.parse(List.of(), false, CLOCK)).isInstanceOf(BadUsageException.class)
			.hasMessageContaining("needs parameter bookingId");
	}

	@Test
	void validatorRejectsParametersNotInTheSpec() {
		JobParameters stray = new JobParametersBuilder().addString("stray", "x").toJobParameters();

		assertThatThrownBy(() -> this.spec.validator().validate(stray))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("Unknown parameter 'stray'");
	}

}
