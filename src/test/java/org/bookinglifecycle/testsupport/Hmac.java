package org.bookinglifecycle.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 computed here with {@code javax.crypto} alone, for the expected values of
 * tests (a signature, an identity stored as an HMAC), never with the code under test.
 */
public final class Hmac {

	private Hmac() {
	}

	/**
	 * The HMAC-SHA256 of a text under a key, both UTF-8, as lower-case hex.
	 * @param key the key
	 * @param text the text
	 * @return 64 hex digits
	 */
	public static String sha256Hex(String key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
