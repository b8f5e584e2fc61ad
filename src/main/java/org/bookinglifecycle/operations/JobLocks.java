package org.bookinglifecycle.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * One running (real) execution per job, whoever starts it (this CLI, another shell, a
 * daemon on another node): a session advisory lock per job name, taken on a connection of
 * its own for as long as the execution runs. The database enforces it, so two processes
 * can never both pass (a check-then-start could); a process that dies loses its
 * connection and so its lock, with no cleanup. A dry run writes nothing and takes no
 * lock.
 */
@Component
public class JobLocks {

	/** The suite's class of advisory locks (two-key form), apart from any other use. */
	static final int LOCK_CLASS = 0x4C43;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final ExecutionOwners owners;

	JobLocks(DataSource dataSource, JdbcTemplate jdbc, ExecutionOwners owners) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.owners = owners;
	}

	/**
	 * Take the job's lock, or refuse, naming the running execution and its owner.
	 * @param job the job
	 * @return the lock, to close when the execution has ended
	 * @throws JobRunningException when another execution of the job runs
	 */
	public Held acquire(String job) {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
				lock.setInt(1, LOCK_CLASS);
				lock.setString(2, job);
				try (ResultSet rs = lock.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						connection.close();
						throw new JobRunningException(running(job));
					}
				}
			}
			return new Held(connection, job);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("could not take the lock of job " + job + ": " + ex.getMessage(), ex);
		}
	}

	private String running(String job) {
		List<Long> ids = this.jdbc.queryForList("SELECT e.job_execution_id FROM batch_job_execution e JOIN"
				+ " batch_job_instance i USING (job_instance_id) WHERE i.job_name = ? AND e.status IN ('STARTING',"
				+ " 'STARTED', 'STOPPING') ORDER BY e.job_execution_id DESC LIMIT 1", Long.class, job);
		if (ids.isEmpty()) {
			return "Job " + job + " is already running in another process (it holds the job's lock and has not"
					+ " recorded its execution yet); one execution of a job at a time. Try again when it has ended.";
		}
		long id = ids.get(0);
		String owner = this.owners.find(id).map(ExecutionOwner::describe).orElse("owner not recorded");
		return "Job " + job + " is already running: execution " + id + ", " + owner
				+ "; one execution of a job at a time. `stop " + id + "` asks it to stop.";
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// the lock goes with the session anyway
			}
		}
	}

	/** A job's lock, held until closed (or until the process dies). */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private final String job;

		Held(Connection connection, String job) {
			this.connection = connection;
			this.job = job;
		}

		@Override
		public void close() {
			try (PreparedStatement unlock = this.connection
				.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
				unlock.setInt(1, LOCK_CLASS);
				unlock.setString(2, this.job);
				unlock.execute();
			}
			catch (SQLException ignored) {
				// closing the session below releases it
			}
			closeQuietly(this.connection);
		}

	}

	/** Another execution of the job is running. */
	public static final class JobRunningException extends IllegalStateException {

		JobRunningException(String message) {
			super(message);
		}

	}

}
