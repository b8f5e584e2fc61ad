package org.bookinglifecycle.pii;

import java.time.Period;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan's reading of the anonymization's settings, as Spring flattens
 * {@code jobs/anonymize-guests.yml} into properties.
 */
class MaskedFormsTests {

	@Test
	void theRulesValuesAreTheMaskedFormsAndTheColumnRulesTheMaskedColumns() {
		Map<String, String> properties = new HashMap<>();
		properties.put("anonymize.after", "P2Y");
		properties.put("anonymize.columns.guest_name.strategy", "constant");
		properties.put("anonymize.columns.guest_name.value", "Anonymous Guest");
		properties.put("anonymize.columns.guest_email.strategy", "template");
		properties.put("anonymize.columns.guest_email.value", "guest{id}@anonymized.local");
		properties.put("anonymize.columns.special_requests.strategy", "null");
		properties.put("anonymize.json.guest.phone.strategy", "constant");
		properties.put("anonymize.json.guest.phone.value", "xxx-xxx-xxxx");
		properties.put("anonymize.ip-address.strategy", "ip-truncate");

		MaskedForms forms = MaskedForms.of(properties);

		assertThat(forms.problems()).isEmpty();
		assertThat(forms.after()).isEqualTo(Period.ofYears(2));
		assertThat(forms.forms()).containsExactly("Anonymous Guest", "guest{id}@anonymized.local", "xxx-xxx-xxxx");
		assertThat(forms.maskedColumns()).containsExactly("guest_email", "guest_name", "special_requests");
	}

	@Test
	void aMissingOrBadLimitIsAProblemNamingTheSetting() {
		Map<String, String> missing = new HashMap<>();
		Map<String, String> bad = new HashMap<>(Map.of("anonymize.after", "two years"));
		Map<String, String> negative = new HashMap<>(Map.of("anonymize.after", "-P1Y"));

		assertThat(MaskedForms.of(missing).problems()).singleElement()
			.asString()
			.contains("anonymize.after is not set");
		assertThat(MaskedForms.of(bad).problems()).singleElement().asString().contains("is not a period");
		assertThat(MaskedForms.of(negative).problems()).singleElement().asString().contains("must be positive");
		assertThat(MaskedForms.of(missing).after()).isNull();
	}

}
