package org.bookinglifecycle.kit;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's lock table against a partitioned table. A statement no partition bound
 * prunes (the platform's lookup of one booking's audit trail, a job's read by resource)
 * locks every table of the partition tree and their indexes (PostgreSQL 15 leaves the
 * parents' partitioned indexes out, 17 locks them too), and holds them until its
 * transaction ends. The server's lock table is shared and sized at start:
 * {@code max_locks_per_transaction} slots for each server process and prepared
 * transaction ({@code max_connections}, {@code autovacuum_max_workers}, one launcher,
 * {@code max_worker_processes}, {@code max_wal_senders},
 * {@code max_prepared_transactions}). A transaction may take more than its share while
 * others take less (and PostgreSQL finds room for more in spare shared memory); when the
 * table is full, a statement that needs more locks than its session's fast-path slots
 * fails with "out of shared memory". The setting is too low for a table when one such
 * transaction needs more than {@code max_locks_per_transaction}, PostgreSQL's own rule
 * for the setting: it bounds the average locks of a transaction. The check reads the
 * catalog ({@code lifecycle_partition_locks}) and the server's settings; it takes no lock
 * on the table's partitions.
 */
public final class LockTableCheck {

	private LockTableCheck() {
	}

	/**
	 * What one table needs of the lock table, and what the server has.
	 *
	 * @param table the table
	 * @param leaves its leaf partitions (1 for a plain table)
	 * @param relations what one statement reading every leaf locks: the tables of its
	 * partition tree and their indexes
	 * @param setting the server's {@code max_locks_per_transaction}
	 * @param slots the processes and prepared transactions the lock table is sized for
	 */
	public record Need(String table, long leaves, long relations, long setting, long slots) {

		/**
		 * Whether the setting is below what one transaction reading every leaf locks.
		 * @return whether it is too low
		 */
		public boolean tooLow() {
			return this.setting < this.relations;
		}

		/**
		 * The lock table's size, {@code max_locks_per_transaction} times the slots (a
		 * little more fits in the shared memory PostgreSQL keeps spare).
		 * @return locks
		 */
		public long capacity() {
			return this.setting * this.slots;
		}

		/**
		 * How many transactions that each read every leaf fill the lock table, locking
		 * nothing else.
		 * @return transactions
		 */
		public long atOnce() {
			return capacity() / Math.max(1, this.relations);
		}

		/**
		 * What to tell ops.
		 * @return the warning when the setting is too low, else a line saying it suffices
		 */
		public String message() {
			if (!tooLow()) {
				return "max_locks_per_transaction is " + this.setting + ", enough for " + this.table + ": a statement"
						+ " reading all of its " + this.leaves + " leaves locks " + this.relations + " relations";
			}
			return "max_locks_per_transaction is " + this.setting + ", too low for " + this.table + ": a statement"
					+ " that reads all of its " + this.leaves + " leaves (the platform's lookup of a booking's"
					+ " audit trail, a job's read by resource) locks " + this.relations + " relations (its tables"
					+ " and their indexes) until its transaction ends, more than each session's share of the lock"
					+ " table; the table is sized for " + capacity() + " locks (" + this.setting + " x " + this.slots
					+ " processes), about " + atOnce() + " such transactions at once (more when they lock the same"
					+ " partitions, in shared memory PostgreSQL keeps spare), and once it is full every statement"
					+ " that needs more locks than its session's 16 fast-path slots fails with 'out of shared"
					+ " memory'. Set max_locks_per_transaction to at least " + this.relations
					+ " in postgresql.conf (a restart applies it)";
		}

	}

	/**
	 * The need of one table, from the catalog and the server's settings.
	 * @param jdbc the database
	 * @param table the table's name
	 * @return its need, or {@code null} when there is no such table
	 */
	public static Need of(JdbcTemplate jdbc, String table) {
		Map<String, Object> row = jdbc.queryForMap("SELECT to_regclass(quote_ident(?)) IS NOT NULL AS present,"
				+ " current_setting('max_locks_per_transaction')::BIGINT AS setting,"
				+ " current_setting('max_connections')::BIGINT + current_setting('autovacuum_max_workers')::BIGINT"
				+ " + 1 + current_setting('max_worker_processes')::BIGINT + current_setting('max_wal_senders')::BIGINT"
				+ " + current_setting('max_prepared_transactions')::BIGINT AS slots", table);
		if (!Boolean.TRUE.equals(row.get("present"))) {
			return null;
		}
		Map<String, Object> locks = jdbc
			.queryForMap("SELECT leaves, relations FROM lifecycle_partition_locks(to_regclass(quote_ident(?)))", table);
		return new Need(table, number(locks.get("leaves")), number(locks.get("relations")), number(row.get("setting")),
				number(row.get("slots")));
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

}
