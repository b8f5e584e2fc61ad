package org.bookinglifecycle.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests' own HMAC against the published test vectors of RFC 4231.
 */
class HmacTests {

	@Test
	void rfc4231TestCase2() {
		assertThat(Hmac.sha256Hex("Jefe", "what do ya want for nothing?"))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void aDifferentKeyGivesADifferentHmac() {
		assertThat(Hmac.sha256Hex("Jeff", "what do ya want for nothing?"))
			.isNotEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

}
