package org.bookinglifecycle.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bookinglifecycle.db.SessionNames;
import org.bookinglifecycle.domain.AuditRowsGuard;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * One running (real) execution per job, whoever starts it (this CLI, another shell, a
 * daemon on another node): a session advisory lock per job name, taken on a connection of
 * its own for as long as the execution runs. On the same connection the run takes what
 * its job claims of the resources jobs exclude each other on
 * ({@link AuditRowsGuard#claims(String)}: the conversion of audit_logs against the jobs
 * that change audit rows, the purge against the writers of audit_log_ids), exclusive or
 * shared, so the exclusion holds for the whole run too. The database enforces it, so two
 * processes can never both pass (a check-then-start could); a process that dies, or whose
 * sessions a recovery ends ({@code OwnerFence}), loses that connection and so every lock
 * on it, with no cleanup. A dry run writes nothing and takes no lock.
 */
@Component
public class JobLocks {

	/** The suite's class of advisory locks (two-key form), apart from any other use. */
	static final int LOCK_CLASS = 0x4C43;

	/** How long a refusal waits for the holder to record its execution. */
	private static final Duration RECORDING_WAIT = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final ExecutionOwners owners;

	JobLocks(DataSource dataSource, JdbcTemplate jdbc, ExecutionOwners owners) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.owners = owners;
	}

	/**
	 * Take the job's lock and its claims, or refuse, naming the running execution and its
	 * owner.
	 * @param job the job
	 * @return the lock, to close when the execution has ended
	 * @throws JobRunningException when another execution of the job, or of a job it
	 * excludes, runs
	 */
	public Held acquire(String job) {
		Connection connection = null;
		Held held = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			if (!tryLock(connection, "pg_try_advisory_lock", hashtext(connection, job))) {
				connection.close();
				throw new JobRunningException(running(job));
			}
			held = new Held(connection, job, new ArrayList<>());
			for (AuditRowsGuard.Claim claim : AuditRowsGuard.claims(job)) {
				if (!tryLock(connection, claim.exclusive() ? "pg_try_advisory_lock" : "pg_try_advisory_lock_shared",
						claim.resource().key())) {
					held.close();
					throw new JobRunningException(refusal(job, claim));
				}
				held.claims.add(claim);
			}
			return held;
		}
		catch (SQLException ex) {
			if (held != null) {
				held.close();
			}
			else {
				closeQuietly(connection);
			}
			throw new IllegalStateException("could not take the lock of job " + job + ": " + ex.getMessage(), ex);
		}
	}

	private static int hashtext(Connection connection, String job) throws SQLException {
		try (PreparedStatement hash = connection.prepareStatement("SELECT hashtext(?)")) {
			hash.setString(1, job);
			try (ResultSet rs = hash.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	private static boolean tryLock(Connection connection, String function, int key) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
			lock.setInt(1, LOCK_CLASS);
			lock.setInt(2, key);
			try (ResultSet rs = lock.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	/**
	 * Why a job may not take its claim: the jobs holding the resource, each found by the
	 * job lock its session holds beside it, with its running execution (waiting a little
	 * for one that holds its locks and has not recorded its execution yet).
	 */
	private String refusal(String job, AuditRowsGuard.Claim claim) {
		AuditRowsGuard.Resource resource = claim.resource();
		List<Map<String, Object>> holders = this.jdbc.queryForList("""
				SELECT l.pid, a.application_name, j.name
				FROM pg_locks l
				JOIN pg_locks h ON h.pid = l.pid AND h.locktype = 'advisory' AND h.granted AND h.objsubid = 2
				  AND h.classid = l.classid
				JOIN unnest(?::text[]) j(name) ON h.objid = hashtext(j.name)::oid
				LEFT JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = ?::oid
				  AND l.objid = ?::oid AND l.pid <> pg_backend_pid()
				ORDER BY l.pid""", resource.jobs().toArray(String[]::new), LOCK_CLASS, resource.key());
		List<String> named = new ArrayList<>();
		for (Map<String, Object> holder : holders) {
			named.add(holding((String) holder.get("name"), ((Number) holder.get("pid")).intValue(),
					(String) holder.get("application_name")));
		}
		if (named.isEmpty()) {
			named.add("a run of " + String.join(" or ", others(resource, job))
					+ " held it a moment ago (it has ended since: try again)");
		}
		return job + " may not start: " + String.join("; ", named) + ". They never run at once (" + resource.label()
				+ "): " + resource.why() + ".";
	}

	private static List<String> others(AuditRowsGuard.Resource resource, String job) {
		return resource.jobs().stream().filter((other) -> !other.equals(job)).toList();
	}

	/**
	 * One holder of a resource: its job's running execution whose owner is the holding
	 * session's process.
	 */
	private String holding(String job, int backendPid, String session) {
		long deadline = System.nanoTime() + RECORDING_WAIT.toNanos();
		while (true) {
			Optional<Long> execution = runningExecution(job, session);
			if (execution.isPresent()) {
				long id = execution.get();
				String owner = this.owners.find(id).map(ExecutionOwner::describe).orElse("owner not recorded");
				return job + " is running (execution " + id + ", " + owner + "); `stop " + id
						+ "` asks it to stop, or run this again when it has ended";
			}
			if (System.nanoTime() > deadline) {
				return job + " is starting (it holds its locks, session " + backendPid
						+ ", and has not recorded its execution yet); run this again when it has ended";
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return job + " is running (database session " + backendPid + ")";
			}
		}
	}

	/**
	 * The newest running execution of the job whose owner's session name is the one given
	 * (the newest of any owner when the session has no name of the suite's).
	 */
	private Optional<Long> runningExecution(String job, String session) {
		List<Long> ids = this.jdbc.queryForList("SELECT e.job_execution_id FROM batch_job_execution e JOIN"
				+ " batch_job_instance i USING (job_instance_id) WHERE i.job_name = ? AND e.status IN ('STARTING',"
				+ " 'STARTED', 'STOPPING') ORDER BY e.job_execution_id DESC", Long.class, job);
		boolean named = session != null && session.startsWith(SessionNames.PREFIX + " ");
		return ids.stream()
			.filter((id) -> !named || this.owners.find(id)
				.map((owner) -> session.equals(SessionNames.of(owner.pid(), owner.processStartedAt(), owner.host())))
				.orElse(false))
			.findFirst();
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

	/** A job's lock and its claims, held until closed (or until the process dies). */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private final String job;

		private final List<AuditRowsGuard.Claim> claims;

		Held(Connection connection, String job, List<AuditRowsGuard.Claim> claims) {
			this.connection = connection;
			this.job = job;
			this.claims = claims;
		}

		/**
		 * Release the claims and the job's lock (the connection goes back to its pool).
		 */
		@Override
		public void close() {
			try {
				for (AuditRowsGuard.Claim claim : this.claims) {
					unlock(claim.exclusive() ? "pg_advisory_unlock" : "pg_advisory_unlock_shared", "?::int",
							claim.resource().key());
				}
				unlock("pg_advisory_unlock", "hashtext(?)", this.job);
			}
			catch (SQLException ignored) {
				// closing the session below releases them
			}
			closeQuietly(this.connection);
		}

		private void unlock(String function, String key, Object value) throws SQLException {
			try (PreparedStatement unlock = this.connection
				.prepareStatement("SELECT " + function + "(?, " + key + ")")) {
				unlock.setInt(1, LOCK_CLASS);
				unlock.setObject(2, value);
				unlock.execute();
			}
		}

	}

	/** Another execution of the job is running. */
	public static final class JobRunningException extends IllegalStateException {

		JobRunningException(String message) {
			super(message);
		}

	}

}
