package org.bookinglifecycle.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataHashTests {

	static BookingSnapshot snapshot(String guestName, String phone) {
		return new BookingSnapshot(7L, "BK7", guestName, "a@example.com", phone, 3, "suite", LocalDate.of(2024, 2, 29),
				LocalDate.of(2024, 3, 2), "completed", "paid", new BigDecimal("120.50"), "EUR", null,
				Instant.parse("2024-01-01T10:00:00.123456Z"), null, Instant.parse("2024-04-01T00:00:00Z"), "COMPLETED");
	}

	@Test
	void canonicalFormIsVersionedEscapedAndOrdered() {
		String canonical = DataHash.canonical(snapshot("Ann|Lee\\Jr", null));

		assertThat(canonical).isEqualTo("v1|7|BK7|Ann\\|Lee\\\\Jr|a@example.com|\\N|3|suite|2024-02-29|2024-03-02|"
				+ "completed|paid|120.50|EUR|\\N|1704103200123456|\\N|1711929600000000|COMPLETED");
	}

	@Test
	void hashIsSha256HexAndChangesWithAnyField() {
		String hash = DataHash.of(snapshot("Ann Lee", "+1-555"));

		assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
		assertThat(DataHash.of(snapshot("Ann Lee", "+1-555"))).isEqualTo(hash);
		assertThat(DataHash.of(snapshot("Ann Lee", "+1-556"))).isNotEqualTo(hash);
		assertThat(DataHash.of(snapshot("Ann Lee", null))).isNotEqualTo(hash);
	}

	@Test
	void nullAndTheTextBackslashNAreDifferent() {
		assertThat(DataHash.of(snapshot("Ann", null))).isNotEqualTo(DataHash.of(snapshot("Ann", "\\N")));
	}

	@Test
	void snapshotNeverPrintsPersonalData() {
		assertThat(snapshot("Ann Lee", "+1-555").toString()).doesNotContain("Ann").doesNotContain("555");
	}

}
