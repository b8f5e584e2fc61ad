package org.bookinglifecycle.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bookinglifecycle.db.SqlFiles;
import org.bookinglifecycle.kit.ExecutionEvidence;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@code show} prints for a verify-integrity execution, from the job's own tables
 * (they outlive the pruned job history): the findings recorded for its job instance per
 * kind, what its night covered and why, and whether all of history was re-verified within
 * N nights as the completed nights up to it left it. Ids, dates and counts only.
 */
class IntegrityEvidence implements ExecutionEvidence {

	private static final String JOB = VerifyIntegrityJobConfiguration.JOB;

	@Override
	public String job() {
		return JOB;
	}

	@Override
	public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
		long instance = execution.getJobInstance().getInstanceId();
		List<String> lines = new ArrayList<>(jdbc.query(SqlFiles.load(JOB, "evidence"),
				(rs, i) -> "findings recorded (integrity_findings): " + rs.getString("kind") + "=" + rs.getLong("rows"),
				instance));
		for (Map<String, Object> night : jdbc.queryForList(SqlFiles.load(JOB, "night-evidence"), instance)) {
			lines.add(night(night));
			Coverage.of(jdbc, instance).ifPresent((coverage) -> lines.add("coverage: " + coverage.describe()));
		}
		return lines;
	}

	private static String night(Map<String, Object> night) {
		String state = Boolean.TRUE.equals(night.get("completed")) ? "completed"
				: (night.get("superseded_by") != null)
						? "superseded by the night of job instance " + night.get("superseded_by") + " (not counted)"
						: "not completed";
		String windows = "full".equals(night.get("mode")) ? "" : "; history ids "
				+ NightPlan.range((Long) night.get("history_after"), (Long) night.get("history_through"))
				+ ", audit ids " + NightPlan.range((Long) night.get("audit_after"), (Long) night.get("audit_through"))
				+ " and above " + ((night.get("audit_new_after") != null) ? night.get("audit_new_after") : "none")
				+ " (sweep of " + night.get("within_nights") + " nights started " + night.get("sweep_started_on") + ")";
		return "night covered (integrity_nights): " + night.get("mode") + " (" + night.get("reason") + "), "
				+ night.get("planned_rows") + " history rows (written since: " + night.get("changed_rows")
				+ ", window: " + night.get("window_rows") + ", open findings: " + night.get("open_rows") + ")" + windows
				+ "; " + state;
	}

}
