package org.bookinglifecycle.anonymize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The keyed pseudonym's key material: HMAC-SHA256 (RFC 2104) splits into the secret's
 * inner and outer pads, which the SQL function applies with the core {@code sha256()} (no
 * pgcrypto needed). The secret itself never leaves this class.
 */
final class Pseudonyms {

	private static final int BLOCK = 64;

	private Pseudonyms() {
	}

	/**
	 * The inner and outer pads of a secret.
	 * @param secret the secret, or {@code null} when no rule needs one
	 * @return {@code [inner, outer]}, both empty without a secret
	 */
	static byte[][] pads(String secret) {
		if (secret == null) {
			return new byte[][] { new byte[0], new byte[0] };
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length > BLOCK) {
			try {
				key = MessageDigest.getInstance("SHA-256").digest(key);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
		byte[] inner = new byte[BLOCK];
		byte[] outer = new byte[BLOCK];
		for (int i = 0; i < BLOCK; i++) {
			byte k = (i < key.length) ? key[i] : 0;
			inner[i] = (byte) (k ^ 0x36);
			outer[i] = (byte) (k ^ 0x5c);
		}
		return new byte[][] { inner, outer };
	}

}
