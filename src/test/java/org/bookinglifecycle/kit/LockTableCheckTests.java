package org.bookinglifecycle.kit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock-table check's arithmetic with explicit numbers, on both sides of the limit.
 * PostgreSQL 15's defaults: max_locks_per_transaction 64; max_connections 100,
 * autovacuum_max_workers 3, the launcher, max_worker_processes 8, max_wal_senders 10,
 * max_prepared_transactions 0: 122 slots.
 */
class LockTableCheckTests {

	@Test
	void aTableWhoseReadLocksAsManyRelationsAsTheSettingIsEnoughAndOneMoreIsTooFew() {
		LockTableCheck.Need atLimit = new LockTableCheck.Need("audit_logs", 15, 64, 64, 122);
		LockTableCheck.Need overLimit = new LockTableCheck.Need("audit_logs", 15, 65, 64, 122);

		assertThat(atLimit.tooLow()).isFalse();
		assertThat(atLimit.message()).startsWith("max_locks_per_transaction is 64, enough for audit_logs");
		assertThat(overLimit.tooLow()).isTrue();
		assertThat(overLimit.message()).startsWith("max_locks_per_transaction is 64, too low for audit_logs")
			.contains("all of its 15 leaves")
			.contains("locks 65 relations")
			.contains("Set max_locks_per_transaction to at least 65 ");
	}

	@Test
	void theMessageSaysHowManySuchTransactionsFillTheTable() {
		// 303 leaves with 4 indexes each, 3 tier parents and the root: 1,519 relations
		LockTableCheck.Need need = new LockTableCheck.Need("audit_logs", 303, 303 * 5 + 4, 64, 122);

		assertThat(need.relations()).isEqualTo(1519);
		assertThat(need.capacity()).isEqualTo(7808);
		assertThat(need.atOnce()).isEqualTo(5);
		assertThat(need.message()).contains("sized for 7808 locks (64 x 122 processes), about 5 such transactions")
			.contains("at least 1519 in postgresql.conf");
		assertThat(new LockTableCheck.Need("audit_logs", 303, 1519, 2048, 122).tooLow()).isFalse();
	}

}
