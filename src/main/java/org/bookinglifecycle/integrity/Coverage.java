package org.bookinglifecycle.integrity;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether all of history was re-verified within N nights, and since when the oldest row
 * went unverified, as the completed nights left it ({@code coverage.sql}).
 *
 * @param lastNight asOf of the last completed night
 * @param lastMode its mode
 * @param withinNights N, as that night had it
 * @param oldestVerifiedOn asOf of the night that last verified the row verified longest
 * ago, {@code null} if a row was never verified by a completed night
 * @param within whether every row was verified within N nights of the last night
 */
record Coverage(LocalDate lastNight, String lastMode, int withinNights, LocalDate oldestVerifiedOn, boolean within) {

	/**
	 * The coverage as the completed nights planned up to a night left it.
	 * @param jdbc the database
	 * @param jobInstanceId the night, or {@code null} for the last completed one
	 * @return the coverage, empty before the first completed night
	 */
	static Optional<Coverage> of(JdbcTemplate jdbc, Long jobInstanceId) {
		List<Coverage> rows = jdbc.query(SqlFiles.load(VerifyIntegrityJobConfiguration.JOB, "coverage"),
				(rs, i) -> new Coverage(rs.getObject("last_night", LocalDate.class), rs.getString("last_mode"),
						rs.getInt("within_nights"), rs.getObject("oldest_verified_on", LocalDate.class),
						rs.getBoolean("within")),
				jobInstanceId);
		return rows.stream().findFirst();
	}

	/**
	 * The coverage in one line.
	 * @return the line
	 */
	String describe() {
		return "all of history re-verified within " + this.withinNights + " nights: " + (this.within ? "yes" : "no")
				+ " (oldest row last verified on the night of "
				+ ((this.oldestVerifiedOn != null) ? this.oldestVerifiedOn : "none: never by a completed night")
				+ "; last night " + this.lastNight + ", " + this.lastMode + ")";
	}

	/**
	 * Nights from the oldest row's last verification to the last night.
	 * @return the nights, or {@code -1} when a row was never verified
	 */
	long nightsUnverified() {
		return (this.oldestVerifiedOn != null) ? ChronoUnit.DAYS.between(this.oldestVerifiedOn, this.lastNight) : -1;
	}

}
