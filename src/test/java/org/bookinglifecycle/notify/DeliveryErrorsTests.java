package org.bookinglifecycle.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed delivery records: a status code, or the exception's class and first line
 * with the channel's secrets and any address taken out, at most 300 characters.
 */
class DeliveryErrorsTests {

	@Test
	void aRefusalIsItsStatusCode() {
		assertThat(DeliveryErrors.describe(new DeliveryFailedException("HTTP 503"), List.of("s3cret")))
			.isEqualTo("HTTP 503");
	}

	@Test
	void secretsAndAddressesAreTakenOutOfAnExceptionsMessage() {
		Exception smtp = new IllegalStateException("Mail server connection failed",
				new IOException("550 5.1.1 <ops@example.org>: recipient unknown\nsecond line"));
		Exception telegram = new IOException("POST https://api.telegram.org/bot123:ABC/sendMessage failed");

		assertThat(DeliveryErrors.describe(smtp, List.of()))
			.isEqualTo("IllegalStateException (IOException: 550 5.1.1 <<address>>: recipient unknown)");
		assertThat(DeliveryErrors.describe(telegram, List.of("123:ABC")))
			.isEqualTo("IOException: POST https://api.telegram.org/bot***/sendMessage failed");
		assertThat(DeliveryErrors.describe(new ConnectException(), List.of())).isEqualTo("ConnectException");
		assertThat(DeliveryErrors.describe(new IOException("x".repeat(400)), List.of())).hasSize(300);
	}

}
