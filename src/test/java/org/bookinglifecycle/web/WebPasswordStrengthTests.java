package org.bookinglifecycle.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The BCrypt cost of the page's passwords: 10 unless set, the setting's value in the
 * hash, and a bad value refused naming the setting and what is allowed.
 */
class WebPasswordStrengthTests {

	private final WebSecurityConfiguration configuration = new WebSecurityConfiguration();

	@Test
	void theCostIsTenUnlessSetAndTheSettingsValueWhenSet() {
		assertThat(hash(new MockEnvironment())).startsWith("$2a$10$");
		assertThat(hash(new MockEnvironment().withProperty(WebSecurityConfiguration.STRENGTH_PROPERTY, "4")))
			.startsWith("$2a$04$");
		assertThat(hash(new MockEnvironment().withProperty(WebSecurityConfiguration.STRENGTH_PROPERTY, "5")))
			.startsWith("$2a$05$");
	}

	@Test
	void aCostOutsideFourToThirtyOneOrNotANumberIsRefusedNamingTheSetting() {
		for (String bad : new String[] { "3", "32", "ten", "" }) {
			MockEnvironment environment = new MockEnvironment().withProperty(WebSecurityConfiguration.STRENGTH_PROPERTY,
					bad);
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> this.configuration.passwordEncoder(environment))
				.withMessageContaining("lifecycle.web.password-hash-strength is '" + bad + "'")
				.withMessageContaining("from 4 to 31");
		}
	}

	private String hash(MockEnvironment environment) {
		PasswordEncoder encoder = this.configuration.passwordEncoder(environment);
		String hash = encoder.encode("a password for tests");
		assertThat(encoder.matches("a password for tests", hash)).isTrue();
		return hash;
	}

}
