package org.bookinglifecycle.integrity;

import org.bookinglifecycle.domain.DataHash;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Recomputes a history row's hash and compares it with the stored one. Every row gets a
 * verdict, a clean one too: the writer resolves the open findings of the rows that now
 * check out.
 */
class HashCheck implements ItemProcessor<HistoryRow, Verdict> {

	@Override
	public Verdict process(HistoryRow row) {
		Long bookingId = row.snapshot().originalBookingId();
		long originalBookingId = (bookingId != null) ? bookingId : -1L;
		if (row.storedHash() == null || row.storedHash().isBlank()) {
			return new Verdict(row.id(), originalBookingId, Verdict.Kind.HASH_MISSING);
		}
		if (!row.storedHash().strip().equals(DataHash.of(row.snapshot()))) {
			return new Verdict(row.id(), originalBookingId, Verdict.Kind.HASH_MISMATCH);
		}
		return new Verdict(row.id(), originalBookingId, null);
	}

}
