package org.bookinglifecycle.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's figures counted against today take the day they are given (the application's
 * clock), never the database's {@code current_date}: a day five years ahead, with rows on
 * both sides of each limit, which the database's own date would count differently.
 */
class OpsReadsIntegrationTests {

	private static final LocalDate TODAY = LocalDate.of(2031, 6, 15);

	private static JdbcTemplate jdbc;

	private static OpsReads reads;

	@BeforeAll
	static void database() {
		jdbc = TestDatabase.jdbc(TestDatabase.migrated(OpsReadsIntegrationTests.class));
		reads = new OpsReads(jdbc);
	}

	@Test
	void legalHoldsAreInForceUntilTheirLastDayIncluded() {
		jdbc.update(
				"""
						INSERT INTO legal_holds (resource_type, resource_id, reason, held_by, held_until, released_by, released_at)
						VALUES ('BOOKING', 1, 'open-ended', 'ops', NULL, NULL, NULL),
						       ('BOOKING', 2, 'until today', 'ops', ?, NULL, NULL),
						       ('BOOKING', 3, 'until yesterday', 'ops', ?, NULL, NULL),
						       ('BOOKING', 4, 'released', 'ops', NULL, 'ops', now())""",
				TODAY, TODAY.minusDays(1));

		assertThat(reads.activeLegalHolds(TODAY)).isEqualTo(2);
		assertThat(reads.activeLegalHolds(TODAY.minusDays(1))).isEqualTo(3);
	}

	@Test
	void failedExecutionsAreCountedFromTheStartOfTheirFirstDay() {
		LocalDate first = TODAY.minusDays(OpsPageController.FAILED_DAYS);
		execution(101, "failed-since", "FAILED", first.atStartOfDay().minusNanos(1000), false);
		execution(102, "failed-since", "FAILED", first.atStartOfDay(), false);
		execution(103, "failed-since", "FAILED", TODAY.atTime(23, 59), false);
		execution(104, "failed-since", "COMPLETED", TODAY.atTime(1, 0), false);

		assertThat(reads.failedSince(first)).isEqualTo(2);
		assertThat(reads.failedSince(first.minusDays(1))).isEqualTo(3);
	}

	@Test
	void theNightsAreThoseFromTheWindowsFirstDayRealRunsOnly() {
		int days = OpsPageController.NIGHTS;
		LocalDate first = TODAY.minusDays(days - 1L);
		execution(201, "nights", "COMPLETED", first.atStartOfDay().minusNanos(1000), false);
		execution(202, "nights", "FAILED", first.atStartOfDay(), false);
		execution(203, "nights", "COMPLETED", TODAY.atTime(2, 0), false);
		execution(204, "nights", "COMPLETED", TODAY.atTime(3, 0), true);

		Map<String, OpsReads.JobNights> nights = reads.nights(days, TODAY);

		assertThat(nights).containsOnlyKeys("nights");
		OpsReads.JobNights job = nights.get("nights");
		assertThat(job.first()).isEqualTo(first);
		assertThat(job.executions()).isEqualTo(2);
		assertThat(job.failed()).isEqualTo(1);
		double[] seconds = job.seconds();
		assertThat(seconds[0]).as("the first day").isEqualTo(60.0);
		assertThat(seconds[days - 1]).as("today").isEqualTo(60.0);
		assertThat(job.totalSeconds()).isEqualTo(120.0);
	}

	/** An execution of a minute, created as it started. */
	private static void execution(long id, String job, String status, LocalDateTime start, boolean dryRun) {
		jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES (?, 0, ?, ?)",
				id, job, "key-" + id);
		jdbc.update(
				"INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
						+ " start_time, end_time, status, exit_code, last_updated) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
				id, id, start, start, start.plusMinutes(1), status, status, start.plusMinutes(1));
		jdbc.update(
				"INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,"
						+ " parameter_value, identifying) VALUES (?, 'dryRun', 'java.lang.Boolean', ?, 'N')",
				id, String.valueOf(dryRun));
	}

}
