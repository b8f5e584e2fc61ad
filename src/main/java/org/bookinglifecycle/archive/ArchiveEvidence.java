package org.bookinglifecycle.archive;

import java.util.List;

import org.bookinglifecycle.kit.ExecutionEvidence;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * archive-bookings' evidence in {@code show}: the bookings recorded as skipped for bad
 * data in {@code lifecycle_skipped_rows} for the execution's job instance, per reason.
 */
@Component
class ArchiveEvidence implements ExecutionEvidence {

	@Override
	public String job() {
		return ArchiveBookingsJobConfiguration.JOB;
	}

	@Override
	public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
		return jdbc.query("""
				SELECT reason, count(*) AS n FROM lifecycle_skipped_rows WHERE job_instance_id = ?
				GROUP BY reason ORDER BY reason""", (rs, i) -> "skipped rows recorded (lifecycle_skipped_rows): "
				+ rs.getString("reason") + "=" + rs.getLong("n"), execution.getJobInstance().getInstanceId());
	}

}
