package org.bookinglifecycle.pii;

/**
 * One count of the scan: rows of a table that hold personal data of one kind in one
 * column and JSON key path. Names and a count only, never a value, so it can be stored,
 * logged and shown.
 *
 * @param table the table
 * @param column the column
 * @param jsonPath the key path in a JSON column ({@code guest.email},
 * {@code notes[].email}), {@code ""} for the column itself
 * @param kind what was found: email, phone, ip address, not masked, guest value
 * @param rows how many rows hold it
 */
record PiiFinding(String table, String column, String jsonPath, String kind, long rows) {

	/**
	 * What was found where, without the count.
	 * @return {@code table.column path kind}
	 */
	String key() {
		return this.table + "." + this.column + (this.jsonPath.isEmpty() ? "" : " " + this.jsonPath) + " " + this.kind;
	}

	/**
	 * How it reads in a summary and the log.
	 * @return {@code table.column path kind=rows}
	 */
	String line() {
		return key() + "=" + this.rows;
	}

}
