package org.bookinglifecycle.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.bookinglifecycle.testsupport.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedDatabaseIntegrationTests {

	@Test
	void dataPersistsFromOneCommandToTheNext(@TempDir Path home) {
		try (EmbeddedDatabase first = EmbeddedDatabase.start(home)) {
			new JdbcTemplate(first.target().dataSource())
				.execute("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (7)");
		}

		try (EmbeddedDatabase second = EmbeddedDatabase.start(home)) {
			assertThat(
					new JdbcTemplate(second.target().dataSource()).queryForObject("SELECT id FROM kept", Integer.class))
				.isEqualTo(7);
		}
	}

	@Test
	void anotherProcessIsRefusedAndAKilledOwnersServerIsShutDownBeforeTheNextStart(@TempDir Path home)
			throws Exception {
		Path log = ChildProcess.logFile();
		Process owner = ChildProcess.start(log, "seed", "--bookings", "2000000", "--home", home.toString());
		try {
			await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("seeding 2,000,000"));

			assertThatThrownBy(() -> EmbeddedDatabase.start(home)).isInstanceOf(EmbeddedDatabaseBusyException.class)
				.hasMessageContaining("in use by another booking-lifecycle process (pid " + owner.pid())
				.hasMessageContaining("--db-url");
		}
		finally {
			owner.destroyForcibly().waitFor();
		}
		long orphan = Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
		assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("postmaster outlives its killed owner")
			.contains(true);

		try (EmbeddedDatabase next = EmbeddedDatabase.start(home)) {
			assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			JdbcTemplate jdbc = new JdbcTemplate(next.target().dataSource());
			assertThat(
					jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE tablename = 'bookings'", Integer.class))
				.isEqualTo(1);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM bookings", Integer.class))
				.as("the killed seed committed nothing")
				.isZero();
		}
	}

}
