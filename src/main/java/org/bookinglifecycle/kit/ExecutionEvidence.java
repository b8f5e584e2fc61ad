package org.bookinglifecycle.kit;

import java.util.List;

import org.bookinglifecycle.db.SqlFiles;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a job adds to {@code show EXECUTION}: the evidence it keeps in the suite's own
 * tables for that execution's job instance (findings, skipped rows, later ledgers and
 * receipts), which outlives the pruned job history. Declared as a bean in the job's
 * package, found like jobs are. Ids, codes and counts only, never personal data.
 */
public interface ExecutionEvidence {

	/**
	 * The job this evidence belongs to.
	 * @return the job name
	 */
	String job();

	/**
	 * The lines to show for one execution.
	 * @param jdbc the database
	 * @param execution the execution shown
	 * @return the lines, empty when there is nothing to show
	 */
	List<String> lines(JdbcTemplate jdbc, JobExecution execution);

	/**
	 * The usual evidence: counts per kind from the job's
	 * {@code sql/jobs/<job>/evidence.sql} (one parameter, the job instance id; columns
	 * {@code kind}, {@code rows}), each line {@code heading kind=rows}.
	 * @param job the job
	 * @param heading what each line starts with, e.g. the table the evidence is in
	 * @return the evidence
	 */
	static ExecutionEvidence countedBy(String job, String heading) {
		return new ExecutionEvidence() {

			@Override
			public String job() {
				return job;
			}

			@Override
			public List<String> lines(JdbcTemplate jdbc, JobExecution execution) {
				return jdbc.query(SqlFiles.load(job, "evidence"),
						(rs, i) -> heading + rs.getString("kind") + "=" + rs.getLong("rows"),
						execution.getJobInstance().getInstanceId());
			}

		};
	}

}
