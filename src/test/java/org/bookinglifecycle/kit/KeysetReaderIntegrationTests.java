package org.bookinglifecycle.kit;

import java.util.ArrayList;
import java.util.List;

import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class KeysetReaderIntegrationTests {

	private static final String SQL = "SELECT id FROM work WHERE NOT done AND id > ? ORDER BY id LIMIT ?";

	@Test
	void afterARestartDoneAndTotalCountTheSameRows() {
		DatabaseTarget database = TestDatabase.migrated(getClass());
		JdbcTemplate jdbc = TestDatabase.jdbc(database);
		jdbc.execute("CREATE TABLE work (id BIGINT PRIMARY KEY, done BOOLEAN NOT NULL DEFAULT false)");
		jdbc.update("INSERT INTO work (id) SELECT g FROM generate_series(1, 1000) g");
		KeysetReader<Long> first = KeysetReader.ids("work", jdbc, SQL, 100);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		long total = first.done(context) + first.countAhead(context);

		// given a first execution that did 350 rows (the job's work makes them leave the
		// query, as moved bookings leave bookings) and crashed
		List<Long> read = new ArrayList<>();
		for (int i = 0; i < 350; i++) {
			read.add(first.read());
		}
		jdbc.update("UPDATE work SET done = true WHERE id = ANY(?)", (Object) read.toArray(Long[]::new));
		first.update(context);

		// when a restart counts its progress
		KeysetReader<Long> restart = KeysetReader.ids("work", jdbc, SQL, 100);
		restart.open(context);
		long done = restart.done(context);
		long ahead = restart.countAhead(context);

		// then done + ahead is the same total, and the restart reads exactly what is
		// ahead
		assertThat(total).isEqualTo(1000);
		assertThat(done).isEqualTo(350);
		assertThat(done + ahead).isEqualTo(total);
		long readByRestart = 0;
		while (restart.read() != null) {
			readByRestart++;
		}
		assertThat(readByRestart).isEqualTo(ahead);
		assertThat(restart.bounds()).containsExactly(351L, 1000L);
	}

}
