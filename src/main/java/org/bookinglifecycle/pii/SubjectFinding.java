package org.bookinglifecycle.pii;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a chunk found for one subject: a booking (its history row and audit rows) or a
 * user account (its logins), one table, column, key path and kind, with the rows holding
 * it. Ids, names and a count, never a value.
 *
 * @param subjectId the booking or user id
 * @param finding the table, column, key path, kind and rows
 * @param allLogins whether every login of the account is in scope (an erased guest's)
 */
record SubjectFinding(long subjectId, PiiFinding finding, boolean allLogins) {

	/**
	 * A finding row of scan-bookings.sql or scan-logins.sql.
	 * @param rs the row
	 * @return the finding
	 * @throws SQLException on a read error
	 */
	static SubjectFinding of(ResultSet rs) throws SQLException {
		return new SubjectFinding(
				rs.getLong("subject_id"), new PiiFinding(rs.getString("table_name"), rs.getString("column_name"),
						rs.getString("json_path"), rs.getString("kind"), rs.getLong("rows")),
				rs.getBoolean("all_logins"));
	}

}
