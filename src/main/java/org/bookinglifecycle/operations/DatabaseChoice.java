package org.bookinglifecycle.operations;

import java.nio.file.Path;

/**
 * Which PostgreSQL to work on: an external one by JDBC URL, or (without a URL) the
 * embedded one whose data lives in {@code home}.
 *
 * @param url JDBC URL of an external PostgreSQL, or {@code null} for the embedded one
 * @param user user name, or {@code null}
 * @param password password, or {@code null}
 * @param home directory of the embedded PostgreSQL's data
 */
public record DatabaseChoice(String url, String user, String password, Path home) {

	/**
	 * Whether an external database is named.
	 * @return true with a URL
	 */
	public boolean external() {
		return this.url != null && !this.url.isBlank();
	}

}
