package org.bookinglifecycle.integrity;

/**
 * What the hash check says of one history row: its kind of finding, or none when the row
 * checks out. Ids and a kind only, so it can be stored and shown without personal data.
 *
 * @param bookingHistoryId the history row
 * @param originalBookingId the booking it snapshots
 * @param kind what is wrong, or {@code null} when nothing is
 */
record Verdict(long bookingHistoryId, long originalBookingId, Kind kind) {

	/**
	 * Kinds of finding of the hash check, as stored in
	 * {@code integrity_findings.finding}.
	 */
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
