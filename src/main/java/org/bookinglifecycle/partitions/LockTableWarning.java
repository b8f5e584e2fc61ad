package org.bookinglifecycle.partitions;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.kit.LockTableCheck;
import org.bookinglifecycle.kit.SuiteJobListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At the start of every job (dry runs included), the lock-table check
 * ({@link LockTableCheck}) on each table of {@code partitions.tables}: a WARN naming the
 * {@code max_locks_per_transaction} the table needs when the server's is lower. It only
 * reads the catalog and the settings, and never stops a job: the setting takes a restart
 * of the server, which is ops' decision.
 */
@Component
class LockTableWarning implements SuiteJobListener {

	private static final Logger logger = LoggerFactory.getLogger(LockTableWarning.class);

	private final JdbcTemplate jdbc;

	private final PartitionSettings settings;

	LockTableWarning(JdbcTemplate jdbc, PartitionSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		for (String warning : warnings(this.jdbc, this.settings.tables())) {
			logger.warn("{}: {}", jobExecution.getJobInstance().getJobName(), warning);
		}
	}

	/**
	 * The warnings for some tables: one per table whose need exceeds the setting.
	 * @param jdbc the database
	 * @param tables the tables (one that does not exist is left out)
	 * @return the warnings
	 */
	static List<String> warnings(JdbcTemplate jdbc, List<String> tables) {
		List<String> warnings = new ArrayList<>();
		for (String table : tables) {
			try {
				LockTableCheck.Need need = LockTableCheck.of(jdbc, table);
				if (need != null && need.tooLow()) {
					warnings.add(need.message());
				}
			}
			catch (DataAccessException ex) {
				// a check that cannot run never stops a job
				warnings.add("the lock-table check of " + table + " could not run: " + ex.getMostSpecificCause());
			}
		}
		return warnings;
	}

}
