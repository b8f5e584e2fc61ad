package org.bookinglifecycle.integrity;

import org.bookinglifecycle.domain.DataHash;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Recomputes a history row's hash and compares it with the stored one; a row that checks
 * out is filtered (counted by Spring Batch as filtered), a row that does not becomes a
 * finding.
 */
class HashCheck implements ItemProcessor<HistoryRow, Finding> {

	@Override
	public Finding process(HistoryRow row) {
		Long bookingId = row.snapshot().originalBookingId();
		long originalBookingId = (bookingId != null) ? bookingId : -1L;
		if (row.storedHash() == null || row.storedHash().isBlank()) {
			return new Finding(row.id(), originalBookingId, Finding.Kind.HASH_MISSING);
		}
		if (!row.storedHash().strip().equals(DataHash.of(row.snapshot()))) {
			return new Finding(row.id(), originalBookingId, Finding.Kind.HASH_MISMATCH);
		}
		return null;
	}

}
