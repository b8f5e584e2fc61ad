package org.bookinglifecycle.integrity;

import java.util.List;

import org.bookinglifecycle.kit.ExecutionEvidence;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * verify-integrity's evidence in {@code show}: the findings recorded in
 * {@code integrity_findings} for the execution's job instance, per kind.
 */
@Component
class IntegrityEvidence implements ExecutionEvidence {

	@Override
	public String job() {
		return VerifyIntegrityJobConfiguration.JOB;
	}

	@Override
	public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
		return jdbc.query("""
				SELECT finding, count(*) AS n FROM integrity_findings WHERE job_instance_id = ?
				GROUP BY finding ORDER BY finding""",
				(rs, i) -> "findings recorded (integrity_findings): " + rs.getString("finding") + "=" + rs.getLong("n"),
				execution.getJobInstance().getInstanceId());
	}

}
