package org.bookinglifecycle.integrity;

/**
 * One problem found with a history row. Ids and a kind only, so it can be stored and
 * shown without personal data.
 *
 * @param bookingHistoryId the history row
 * @param originalBookingId the booking it snapshots
 * @param kind what is wrong
 */
record Finding(long bookingHistoryId, long originalBookingId, Kind kind) {

	/** Kinds of finding, as stored in {@code integrity_findings.finding}. */
	enum Kind {

		/** The row has no {@code data_hash} (not yet backfilled). */
		HASH_MISSING("hash_missing"),
		/** The stored hash differs from the recomputed one: changed outside the suite. */
		HASH_MISMATCH("hash_mismatch");

		private final String code;

		Kind(String code) {
			this.code = code;
		}

		String code() {
			return this.code;
		}

	}

}
