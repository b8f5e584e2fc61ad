package org.bookinglifecycle.anonymize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern that lets anonymize-guests leave payloads without a rule's key alone: it
 * matches the text of a document holding a named key at any depth, and nothing else.
 */
class MaskingRulesTests {

	@Test
	void theKeysPatternMatchesADocumentHoldingANamedKeyAtAnyDepthAndNoOther() {
		MaskingRules rules = MaskingRules.load(new FileSystemResource("jobs/anonymize-guests.yml"));
		// PostgreSQL's regex dialect agrees with Java's on what this pattern uses
		Pattern keys = Pattern.compile(rules.keysPattern());

		assertThat(rules.problems()).isEmpty();
		assertThat(keys.matcher("{\"notes\": [{\"guest\": {\"email\": \"x\"}}]}").find()).isTrue();
		assertThat(keys.matcher("{\"payer_email\": \"x\"}").find()).isTrue();
		assertThat(keys.matcher("{\"room\": \"12\", \"note\": \"email: later\"}").find()).isFalse();
		assertThat(keys.matcher("{\"emails\": []}").find()).isFalse();
	}

	@Test
	void aKeyWithCharactersOfARegularExpressionIsEscapedAndNoPathRuleMatchesNothing() {
		Map<String, MaskingRules.Rule> paths = new LinkedHashMap<>();
		paths.put("contact.e-mail+1", new MaskingRules.Rule("null", null));
		MaskingRules odd = new MaskingRules(java.time.Period.ofYears(2), Map.of(), paths, null, List.of());
		MaskingRules none = new MaskingRules(java.time.Period.ofYears(2), Map.of(), Map.of(), null, List.of());

		assertThat(odd.keysPattern()).isEqualTo("\"(e\\-mail\\+1)\":");
		assertThat(Pattern.compile(odd.keysPattern()).matcher("{\"e-mail+1\": 1}").find()).isTrue();
		assertThat(Pattern.compile(odd.keysPattern()).matcher("{\"e-mailll1\": 1}").find()).isFalse();
		assertThat(Pattern.compile(none.keysPattern()).matcher("{\"email\": 1}").find()).isFalse();
	}

}
