package org.bookinglifecycle.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.db.DatabaseTarget;
import org.bookinglifecycle.kit.LifecycleMetrics;
import org.bookinglifecycle.kit.definition.JobDefinitions;
import org.bookinglifecycle.testsupport.Cli;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default rules of {@code jobs/alerts.yml} on the embedded PostgreSQL, each with
 * explicit rows on both sides of its threshold; an alert fires once, stays quiet while it
 * lasts, resolves once, survives a restart (a new evaluator) and two evaluators at once
 * without a second event; the events carry no personal data.
 */
class AlertsIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	private static final List<String> PERSONAL = List.of("Jane Roe", "jane.roe@example.com", "+44 20 7946 0958",
			"203.0.113.7");

	private DatabaseTarget database;

	private JdbcTemplate jdbc;

	private long ids = 1000;

	@BeforeEach
	void freshDatabase() {
		this.database = TestDatabase.migrated(getClass());
		this.jdbc = TestDatabase.jdbc(this.database);
	}

	@Test
	void auditLogVolumeFiresAbove10000RowsInTheHourOnceAndResolvesOnce() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AlertEvaluator evaluator = evaluator(registry, "audit-log-volume");
		// 10,000 rows in the hour; one exactly an hour before now is outside the window
		auditRows(10_000, NOW.minus(Duration.ofMinutes(30)));
		auditRows(1, NOW.minus(Duration.ofHours(1)));
		// the suite's own entries (a night archiving and masking a backlog) are not the
		// platform's volume
		this.jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, resource_id, metadata, created_at)"
						+ " SELECT 'BOOKING_ARCHIVED', 'BOOKING', g, jsonb_build_object('job', j), ?"
						+ " FROM generate_series(1, 5) g, unnest(ARRAY['archive-bookings', 'anonymize-guests']) j",
				OffsetDateTime.ofInstant(NOW.minus(Duration.ofMinutes(10)), ZoneOffset.UTC));

		evaluator.evaluate(NOW);

		assertThat(state("audit-log-volume", "").value()).isEqualByComparingTo("10000");
		assertThat(state("audit-log-volume", "").firing()).isFalse();
		assertThat(events()).isEmpty();

		auditRows(1, NOW);
		AlertEvaluator.Evaluation fired = evaluator.evaluate(NOW);

		assertThat(fired.events()).extracting(AlertEvaluator.Event::type).containsExactly("alert.firing");
		assertThat(state("audit-log-volume", "").value()).isEqualByComparingTo("10001");
		assertThat(events()).singleElement().satisfies((event) -> {
			assertThat(event.get("event_type")).isEqualTo("alert.firing");
			assertThat(event.get("aggregate_id")).isEqualTo(fired.events().get(0).stateId());
			assertThat(event.get("payload").toString()).contains("\"rule\": \"audit-log-volume\"")
				.contains("\"severity\": \"warning\"")
				.contains("\"value\": 10001")
				.contains("\"threshold\": 10000")
				.contains("\"runbook\": \"a platform component")
				.contains("\"since\": \"2026-11-20T12:00:00Z\"");
		});
		assertThat(registry.get(LifecycleMetrics.ALERT_FIRING).tag("rule", "audit-log-volume").gauge().value())
			.isEqualTo(1.0);
		assertThat(registry.get(LifecycleMetrics.ALERT_VALUE).tag("rule", "audit-log-volume").gauge().value())
			.isEqualTo(10001.0);

		// still above: quiet, minute after minute
		evaluator.evaluate(NOW.plusSeconds(1));
		evaluator.evaluate(NOW.plusSeconds(2));
		assertThat(events()).hasSize(1);

		// the hour moves on: below again, resolved once
		evaluator.evaluate(NOW.plus(Duration.ofMinutes(31)));
		evaluator.evaluate(NOW.plus(Duration.ofMinutes(32)));

		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing", "alert.resolved");
		assertThat(events().get(1).get("payload").toString()).contains("\"value\": 1")
			.contains("\"since\": \"2026-11-20T12:31:00Z\"")
			.contains("\"firing_since\": \"2026-11-20T12:00:00Z\"");
		assertThat(state("audit-log-volume", "").firing()).isFalse();
		assertThat(registry.get(LifecycleMetrics.ALERT_FIRING).tag("rule", "audit-log-volume").gauge().value())
			.isEqualTo(0.0);
	}

	@Test
	void archiveFailureRateFiresJustOverFivePercent() throws IOException {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "archive-failure-rate");
		// 1000 candidates read, 950 archived, 50 held locked by the platform: exactly 5%
		long instance = archiveRun("COMPLETED", NOW.minus(Duration.ofMinutes(10)), 1000, 950, 50, 0, false);
		// outside the window, or a dry run: never counted
		archiveRun("FAILED", NOW.minus(Duration.ofMinutes(61)), 10, 0, 0, 1, false);
		archiveRun("FAILED", NOW.minus(Duration.ofMinutes(5)), 10, 0, 0, 1, true);

		evaluator.evaluate(NOW);

		assertThat(state("archive-failure-rate", "").value()).isEqualByComparingTo("5");
		assertThat(events()).isEmpty();

		// one booking skipped for bad data: 51 of 1001
		this.jdbc.update(
				"INSERT INTO lifecycle_skipped_rows (job_name, job_instance_id, table_name, row_id, reason)"
						+ " VALUES ('archive-bookings', ?, 'bookings', 1, 'cancelled booking without cancelled_at')",
				instance);
		evaluator.evaluate(NOW);

		assertThat(state("archive-failure-rate", "").value()).isEqualByComparingTo("5.0949");
		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing");
	}

	@Test
	void aFailedArchiveCountsEverythingItDidNotArchiveAndItsRolledBackChunk() throws IOException {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "archive-failure-rate");
		// read 990 and archived them, then a chunk of 10 (chunkSize) rolled back: 10 of
		// 1000
		archiveRun("FAILED", NOW.minus(Duration.ofMinutes(10)), 990, 990, 0, 1, false);

		evaluator.evaluate(NOW);

		assertThat(state("archive-failure-rate", "").value()).isEqualByComparingTo("1");
		assertThat(state("archive-failure-rate", "").firing()).isFalse();
	}

	@Test
	void aFailedArchiveCountsTheCandidatesItNeverReached() throws IOException {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "archive-failure-rate");
		// 1000 candidates when it started; it read and archived 100, then failed (no
		// rollback): 900 of 1000 never done
		long execution = archiveRun("FAILED", NOW.minus(Duration.ofMinutes(10)), 100, 100, 0, 0, false);
		this.jdbc.update("UPDATE batch_step_execution_context SET short_context = jsonb_set(CAST(short_context AS"
				+ " JSONB), '{candidates.total}', '1000')::text WHERE step_execution_id IN (SELECT step_execution_id"
				+ " FROM batch_step_execution WHERE job_execution_id = ?)", execution);

		evaluator.evaluate(NOW);

		assertThat(state("archive-failure-rate", "").value()).isEqualByComparingTo("90");
		assertThat(state("archive-failure-rate", "").firing()).isTrue();
	}

	@Test
	void dataIntegrityFiresWhileAVerifyIntegrityFailureIsOpenOrTheLatestScanPiiFoundSome() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "data-integrity");
		// a mismatch found and since verified clean; open, only what is reported
		long older = execution("verify-integrity", "COMPLETED", NOW.minus(Duration.ofDays(2)), Map.of());
		openFinding(older, "hash_mismatch", true);
		openFinding(older, "audit_id_purged", false);
		openFinding(older, "audit_trail_empty", false);
		scan(NOW.minus(Duration.ofDays(1)), 0);

		evaluator.evaluate(NOW);

		assertThat(state("data-integrity", "verify-integrity").value()).isEqualByComparingTo("0");
		assertThat(state("data-integrity", "scan-pii").value()).isEqualByComparingTo("0");
		assertThat(events()).isEmpty();

		long latest = execution("verify-integrity", "COMPLETED", NOW.minus(Duration.ofDays(1)), Map.of());
		long dangling = openFinding(latest, "audit_id_dangling", false);
		long duplicate = openFinding(latest, "audit_id_duplicate", false);
		scan(NOW.minus(Duration.ofHours(1)), 2);
		evaluator.evaluate(NOW);

		assertThat(state("data-integrity", "verify-integrity").value()).isEqualByComparingTo("2");
		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing", "alert.firing");
		assertThat(events()).extracting((e) -> e.get("payload").toString())
			.allSatisfy((payload) -> assertThat(payload).contains("\"severity\": \"critical\""))
			.anySatisfy((payload) -> assertThat(payload).contains("\"subject\": \"verify-integrity\""))
			.anySatisfy((payload) -> assertThat(payload).contains("\"subject\": \"scan-pii\""));

		// later nights that found nothing (their share of history did not hold the rows),
		// a dry run among them, do not clear it: the findings are still open
		execution("verify-integrity", "COMPLETED", NOW.minus(Duration.ofMinutes(30)), Map.of("dryRun", "true"));
		execution("verify-integrity", "COMPLETED", NOW.minus(Duration.ofMinutes(20)), Map.of());
		evaluator.evaluate(NOW);
		assertThat(state("data-integrity", "verify-integrity").firing()).isTrue();
		// one verified clean: still firing; both: resolved
		resolve(dangling);
		evaluator.evaluate(NOW);
		assertThat(state("data-integrity", "verify-integrity").value()).isEqualByComparingTo("1");
		assertThat(state("data-integrity", "verify-integrity").firing()).isTrue();
		resolve(duplicate);
		evaluator.evaluate(NOW);
		assertThat(state("data-integrity", "verify-integrity").firing()).isFalse();
		assertThat(events()).extracting((e) -> e.get("event_type"))
			.containsExactly("alert.firing", "alert.firing", "alert.resolved");
	}

	@Test
	void aScheduledJobNotCompletedWithin25HoursOfItsScheduleFires() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "job-overdue");
		// the first evaluation watches from then on: the fires before it are not counted
		evaluator.evaluate(Instant.parse("2026-11-19T01:00:00Z"));
		assertThat(state("job-overdue", "archive-bookings").value()).isEqualByComparingTo("0");
		// the chain fires at 02:00 UTC; nothing completed since the fire 25 hours before
		Instant at = Instant.parse("2026-11-20T03:00:00Z");

		evaluator.evaluate(at);

		assertThat(state("job-overdue", "archive-bookings").value()).isEqualByComparingTo("25");
		assertThat(events()).isEmpty();

		evaluator.evaluate(at.plusSeconds(1));

		assertThat(state("job-overdue", "archive-bookings").firing()).isTrue();
		assertThat(state("job-overdue", "maintain-partitions").firing()).isTrue();
		long fired = events().size();
		assertThat(fired).isEqualTo(
				JobDefinitions.load(Path.of("jobs")).chains().stream().mapToLong((c) -> c.members().size()).sum());

		// archive-bookings completed after the first fire: only tonight's is pending (1
		// h)
		execution("archive-bookings", "COMPLETED", Instant.parse("2026-11-19T02:30:00Z"), Map.of());
		evaluator.evaluate(at.plusSeconds(2));

		assertThat(state("job-overdue", "archive-bookings").value()).isEqualByComparingTo("1.0006");
		assertThat(state("job-overdue", "archive-bookings").firing()).isFalse();
		assertThat(events()).hasSize((int) fired + 1);
	}

	@Test
	void aNightGivenUpAfterItsLastRetryFiresUntilItsExecutionCompletes() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "night-gave-up");
		long failed = execution("maintain-partitions", "FAILED", NOW.minus(Duration.ofHours(2)), Map.of());
		gaveUp("maintain-partitions-night", failed, NOW.minus(Duration.ofHours(1)));
		// given up more than the window (7 days) ago: no longer counted
		gaveUp("other-night", null, NOW.minus(Duration.ofDays(7)));

		evaluator.evaluate(NOW);

		assertThat(state("night-gave-up", "maintain-partitions-night").firing()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lifecycle_alert_states WHERE subject = 'other-night'",
				Long.class))
			.isZero();

		// ops restart it and it completes
		this.jdbc.update(
				"INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
						+ " start_time, end_time, status) VALUES (?, 0, ?, now(), now(), now(), 'COMPLETED')",
				++this.ids, failed);
		evaluator.evaluate(NOW.plusSeconds(60));

		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing", "alert.resolved");
	}

	@Test
	void anExecutionRunningLongerThanItsThresholdFires() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "long-running-execution");
		running("purge-retention", NOW.minus(Duration.ofHours(6)));
		running("anonymize-guests", NOW.minus(Duration.ofHours(6)).minusSeconds(36));

		evaluator.evaluate(NOW);

		assertThat(state("long-running-execution", "purge-retention").value()).isEqualByComparingTo("6");
		assertThat(state("long-running-execution", "purge-retention").firing()).isFalse();
		assertThat(state("long-running-execution", "anonymize-guests").value()).isEqualByComparingTo("6.01");
		assertThat(state("long-running-execution", "anonymize-guests").firing()).isTrue();

		// it ends: absent from the query, resolved
		this.jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED', end_time = now()");
		evaluator.evaluate(NOW.plusSeconds(60));

		assertThat(state("long-running-execution", "anonymize-guests").firing()).isFalse();
		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing", "alert.resolved");
	}

	@Test
	void rowsInADefaultPartitionFire() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "default-partition-rows");
		// a plain audit_logs has no default partition: nothing to measure
		evaluator.evaluate(NOW);
		assertThat(states("default-partition-rows")).isEmpty();

		Cli.Result converted = new Cli(this.database).run("run", "partition-audit-logs");
		assertThat(converted.exit()).as(converted.toString()).isEqualTo(ExitCodes.COMPLETED);
		evaluator.evaluate(NOW);

		assertThat(states("default-partition-rows")).hasSize(3)
			.allSatisfy((s) -> assertThat(s.value()).isEqualByComparingTo("0"));

		// a month no partition was made for lands in its tier's default
		this.jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, created_at)"
				+ " VALUES ('USER_LOGIN', 'USER', 1, TIMESTAMPTZ '2099-01-15 00:00:00+00')");
		evaluator.evaluate(NOW);

		assertThat(states("default-partition-rows")).filteredOn(AlertState::firing).singleElement().satisfies((s) -> {
			assertThat(s.subject()).contains("system");
			assertThat(s.value()).isEqualByComparingTo("1");
		});
		assertThat(events()).hasSize(1);
	}

	@Test
	void theOldestRowOlderThanItsTiersPeriodFires() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "retention-overdue");
		// system: 1 year; this row is exactly 2 days (the threshold) past it
		OffsetDateTime yearAgo = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC).minusYears(1);
		audit("USER_LOGIN", yearAgo.minusDays(2));

		evaluator.evaluate(NOW);

		assertThat(state("retention-overdue", "system").value()).isEqualByComparingTo("2");
		assertThat(state("retention-overdue", "system").firing()).isFalse();
		assertThat(state("retention-overdue", "critical").value()).isEqualByComparingTo("0");

		audit("USER_LOGIN", yearAgo.minusDays(2).minusHours(6));
		// an older row under a legal hold is kept on purpose: not counted
		long held = audit("USER_LOGIN", yearAgo.minusDays(30));
		this.jdbc.update("INSERT INTO legal_holds (resource_type, resource_id, reason, held_by)"
				+ " VALUES ('USER', ?, 'case 1', 'test')", held);
		evaluator.evaluate(NOW);

		assertThat(state("retention-overdue", "system").value()).isEqualByComparingTo("2.25");
		assertThat(state("retention-overdue", "system").firing()).isTrue();
	}

	@Test
	void guestsDueForAnonymizationForLongerThanTheWindowFire() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "anonymization-overdue");
		// due once check-out < now - P2Y; overdue once due for more than 3 days
		LocalDate limit = LocalDate.of(2024, 11, 17);
		history(1, limit, null);
		history(2, limit.plusDays(1), null);
		history(3, limit.minusDays(30), "anonymized");

		evaluator.evaluate(NOW);

		assertThat(state("anonymization-overdue", "").value()).isEqualByComparingTo("0");

		history(4, limit.minusDays(1), null);
		evaluator.evaluate(NOW);

		assertThat(state("anonymization-overdue", "").value()).isEqualByComparingTo("1");
		assertThat(state("anonymization-overdue", "").firing()).isTrue();
	}

	@Test
	void deliveriesPendingLongerThanTheWindowOrDeadFire() {
		AlertEvaluator evaluator = evaluator(new SimpleMeterRegistry(), "outbox-backlog");
		delivery(outboxEvent(NOW.minus(Duration.ofMinutes(15)), null), "pending");
		delivery(outboxEvent(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1))), "sent");
		// no channel enabled: events wait unrouted by design, however old
		outboxEvent(NOW.minus(Duration.ofDays(3)), null);

		evaluator.evaluate(NOW);

		assertThat(state("outbox-backlog", "").value()).isEqualByComparingTo("0");

		delivery(outboxEvent(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1), null), "pending");
		evaluator.evaluate(NOW);

		assertThat(state("outbox-backlog", "").value()).isEqualByComparingTo("1");
		assertThat(state("outbox-backlog", "").firing()).isTrue();

		delivery(outboxEvent(NOW.minus(Duration.ofMinutes(1)), NOW), "dead");
		evaluator.evaluate(NOW);

		assertThat(state("outbox-backlog", "").value()).isEqualByComparingTo("2");
	}

	private void delivery(long eventId, String status) {
		this.jdbc.update(
				"INSERT INTO lifecycle_outbox_deliveries (event_id, channel, status) VALUES (?, 'ops-mail', ?)",
				eventId, status);
	}

	private long outboxEvent(Instant created, Instant published) {
		return this.jdbc.queryForObject(
				"INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload, created_at, published_at)"
						+ " VALUES ('booking.archived', 1, '{}', ?, ?) RETURNING id",
				Long.class, OffsetDateTime.ofInstant(created, ZoneOffset.UTC),
				(published != null) ? OffsetDateTime.ofInstant(published, ZoneOffset.UTC) : null);
	}

	@Test
	void aRuleWhoseQueryFailsIsReportedAndTheOthersAreStillEvaluated() {
		auditRows(10_001, NOW.minus(Duration.ofMinutes(1)));
		// a table the data-integrity rule reads is gone
		this.jdbc.execute("DROP TABLE pii_findings, pii_scans");
		AlertRules two = new AlertRules(Duration.ofMinutes(1),
				List.of(AlertRulesTests.packaged().rule("data-integrity"),
						AlertRulesTests.packaged().rule("audit-log-volume")));
		AlertEvaluator evaluator = new AlertEvaluator(this.jdbc, transactions(), two, inputs(),
				new SimpleMeterRegistry());

		AlertEvaluator.Evaluation evaluation = evaluator.evaluate(NOW);

		assertThat(evaluation.failed()).containsExactly("data-integrity");
		assertThat(states("data-integrity")).isEmpty();
		assertThat(state("audit-log-volume", "").firing()).isTrue();
		assertThat(events()).hasSize(1);
	}

	@Test
	void aFiringAlertSurvivesARestartWithoutBeingSentAgain() {
		auditRows(10_001, NOW.minus(Duration.ofMinutes(1)));
		evaluator(new SimpleMeterRegistry(), "audit-log-volume").evaluate(NOW);
		assertThat(events()).hasSize(1);

		// a new daemon (a new evaluator, new meters) over the same database
		SimpleMeterRegistry restarted = new SimpleMeterRegistry();
		AlertEvaluator after = evaluator(restarted, "audit-log-volume");
		after.evaluate(NOW.plusSeconds(60));

		assertThat(events()).hasSize(1);
		assertThat(restarted.get(LifecycleMetrics.ALERT_FIRING).gauge().value()).isEqualTo(1.0);

		after.evaluate(NOW.plus(Duration.ofHours(2)));
		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing", "alert.resolved");
	}

	@Test
	void twoEvaluatorsAtOnceSendTheAlertOnce() throws Exception {
		AlertEvaluator one = evaluator(new SimpleMeterRegistry(), "audit-log-volume");
		AlertEvaluator two = evaluator(new SimpleMeterRegistry(), "audit-log-volume");
		one.evaluate(NOW);
		auditRows(10_001, NOW.minus(Duration.ofMinutes(1)));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Boolean> evaluated;
		try (Connection blocker = this.jdbc.getDataSource().getConnection()) {
			// the state row held by a third session: both evaluations are under way at
			// once
			// (each has read the state as not firing) when it is let go
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("SELECT * FROM lifecycle_alert_states FOR UPDATE");
			List<Future<AlertEvaluator.Evaluation>> both = List.of(pool.submit(() -> one.evaluate(NOW)),
					pool.submit(() -> two.evaluate(NOW)));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> waitingOnLocks() + both.stream().filter(Future::isDone).count() == 2);
			blocker.commit();

			evaluated = new ArrayList<>();
			for (Future<AlertEvaluator.Evaluation> evaluation : both) {
				evaluated.add(evaluation.get().evaluated());
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lifecycle_alert_states", Long.class)).isEqualTo(1);
		// the second left the round to the first
		assertThat(evaluated).containsExactlyInAnyOrder(true, false);
	}

	private long waitingOnLocks() {
		return this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity"
				+ " WHERE datname = current_database() AND wait_event_type = 'Lock'", Long.class);
	}

	@Test
	void noEventCarriesPersonalDataWhateverTheDataAround() throws IOException {
		// every rule at once, over rows full of a guest's data
		auditRows(10_001, NOW.minus(Duration.ofMinutes(1)));
		history(1, LocalDate.of(2020, 1, 1), null);
		running("anonymize-guests", NOW.minus(Duration.ofDays(1)));
		this.jdbc.update("INSERT INTO audit_logs (action, resource_type, resource_id, ip_address, new_values,"
				+ " created_at) VALUES ('USER_LOGIN', 'USER', 7, ?, CAST(? AS JSONB), TIMESTAMPTZ '2099-01-15 00:00:00+00')",
				PERSONAL.get(3), "{\"guest_name\": \"" + PERSONAL.get(0) + "\"}");
		AlertEvaluator evaluator = new AlertEvaluator(this.jdbc, transactions(), AlertRulesTests.packaged(), inputs(),
				new SimpleMeterRegistry());

		AlertEvaluator.Evaluation evaluation = evaluator.evaluate(NOW);

		assertThat(evaluation.failed()).isEmpty();
		assertThat(events()).hasSizeGreaterThanOrEqualTo(4);
		for (Map<String, Object> event : events()) {
			String payload = event.get("payload").toString();
			assertThat(PERSONAL).noneSatisfy((value) -> assertThat(payload).contains(value));
			assertThat(this.jdbc.queryForList("SELECT jsonb_object_keys(CAST(? AS JSONB))", String.class, payload))
				.isSubsetOf("rule", "subject", "severity", "value", "threshold", "runbook", "since", "firing_since");
		}
	}

	@Test
	void theAlertsCommandEvaluatesAndListsTheRulesAndABadFileIsExit2NamingTheLine() {
		// rows of the last minute by the machine's clock, which `alerts --evaluate` reads
		auditRows(10_001, Instant.now().minus(Duration.ofMinutes(1)));
		Cli cli = new Cli(this.database);

		Cli.Result evaluated = cli.run("alerts", "--evaluate");

		assertThat(evaluated.exit()).as(evaluated.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(evaluated.out()).contains("evaluated now: 1 state(s) changed");
		assertThat(evaluated.out().lines().filter((line) -> line.contains("audit-log-volume")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("FIRING")
			.contains("10001")
			.contains("> 10000 over PT1H");
		assertThat(events()).extracting((e) -> e.get("event_type")).containsExactly("alert.firing");

		Cli.Result listed = cli.run("alerts");

		assertThat(listed.exit()).as(listed.toString()).isEqualTo(ExitCodes.COMPLETED);
		assertThat(listed.out()).doesNotContain("evaluated now").contains("FIRING");
		assertThat(listed.out().lines().filter((line) -> line.contains("job-overdue")).toList()).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(" ok ").doesNotContain("FIRING"));
		assertThat(events()).hasSize(1);

		Cli.Result bad = cli.runWithJobFile("alerts.yml", (text) -> text
			.replace("severity: warning\n      threshold: 5", "severity: warning\n      threshold: five"), "alerts");

		assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(bad.err()).contains("alerts.yml, line ")
			.contains("alerts.rules.archive-failure-rate.threshold 'five' is not allowed");
	}

	private AlertEvaluator evaluator(SimpleMeterRegistry registry, String rule) {
		AlertRules only = new AlertRules(Duration.ofMinutes(1), List.of(AlertRulesTests.packaged().rule(rule)));
		return new AlertEvaluator(this.jdbc, transactions(), only, inputs(), registry);
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.jdbc.getDataSource()));
	}

	private static AlertInputs inputs() {
		return new AlertInputs(JobDefinitions.load(Path.of("jobs")).chains(),
				Map.of("critical", 7, "standard", 3, "system", 1), 5, "P2Y");
	}

	private AlertState state(String rule, String subject) {
		return states(rule).stream().filter((s) -> s.subject().equals(subject)).findFirst().orElseThrow();
	}

	private List<AlertState> states(String rule) {
		List<AlertState> all = new ArrayList<>();
		for (Map<String, Object> row : this.jdbc.queryForList(
				"SELECT subject, firing, last_value FROM lifecycle_alert_states WHERE rule = ? ORDER BY subject",
				rule)) {
			all.add(new AlertState(rule, (String) row.get("subject"), null, (Boolean) row.get("firing"), null,
					(BigDecimal) row.get("last_value"), null, null));
		}
		return all;
	}

	private List<Map<String, Object>> events() {
		return this.jdbc
			.queryForList("SELECT event_type, aggregate_id, payload, published_at FROM lifecycle_outbox ORDER BY id");
	}

	private void auditRows(int rows, Instant at) {
		this.jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, resource_id, ip_address, created_at)"
						+ " SELECT 'BOOKING_UPDATED', 'BOOKING', g, ?, ? FROM generate_series(1, ?) g",
				PERSONAL.get(3), OffsetDateTime.ofInstant(at, ZoneOffset.UTC), rows);
	}

	private long audit(String action, OffsetDateTime at) {
		long id = ++this.ids;
		this.jdbc.update(
				"INSERT INTO audit_logs (action, resource_type, resource_id, created_at) VALUES (?, 'USER', ?, ?)",
				action, id, at);
		return id;
	}

	private void history(long booking, LocalDate checkOut, String anonymization) {
		this.jdbc
			.update("""
					INSERT INTO booking_history (original_booking_id, booking_reference, guest_name, guest_email, guest_phone,
					  hotel_id, room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount,
					  currency, booking_created_at, archive_reason, anonymization)
					VALUES (?, ?, ?, ?, ?, 1, 'double', ?, ?, 'completed', 'paid', 100, 'EUR', ?, 'COMPLETED', ?)""",
					booking, "BK" + booking, PERSONAL.get(0), PERSONAL.get(1), PERSONAL.get(2), checkOut.minusDays(2),
					checkOut, OffsetDateTime.of(checkOut.minusDays(30).atStartOfDay(), ZoneOffset.UTC), anonymization);
	}

	private long execution(String job, String status, Instant ended, Map<String, String> parameters) {
		long id = ++this.ids;
		OffsetDateTime end = OffsetDateTime.ofInstant(ended, ZoneOffset.UTC);
		this.jdbc.update(
				"INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)" + " VALUES (?, 0, ?, ?)",
				id, job, "key" + id);
		this.jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
				+ " start_time, end_time, status) VALUES (?, 0, ?, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ),"
				+ " CAST(? AS TIMESTAMPTZ), ?)", id, id, end.minusMinutes(1), end.minusMinutes(1), end, status);
		parameters.forEach((name,
				value) -> this.jdbc.update("INSERT INTO batch_job_execution_params"
						+ " (job_execution_id, parameter_name, parameter_type, parameter_value, identifying)"
						+ " VALUES (?, ?, 'java.lang.String', ?, 'Y')", id, name, value));
		return id;
	}

	private void running(String job, Instant started) {
		long id = execution(job, "STARTED", started, Map.of());
		this.jdbc.update("UPDATE batch_job_execution SET start_time = CAST(? AS TIMESTAMPTZ), end_time = NULL"
				+ " WHERE job_execution_id = ?", OffsetDateTime.ofInstant(started, ZoneOffset.UTC), id);
	}

	private long archiveRun(String status, Instant ended, long read, long archived, long locked, long rollbacks,
			boolean dryRun) throws IOException {
		Map<String, String> parameters = new HashMap<>(Map.of("chunkSize", "10"));
		if (dryRun) {
			parameters.put("dryRun", "true");
		}
		long execution = execution("archive-bookings", status, ended, parameters);
		Map<String, Object> context = new HashMap<>();
		context.put("candidates.lastId", 99_999L);
		context.put("candidates.read.count", read);
		context.put("count.archived completed", archived);
		context.put("count.skipped-locked completed", locked);
		ByteArrayOutputStream json = new ByteArrayOutputStream();
		new JacksonExecutionContextStringSerializer().serialize(context, json);
		long step = ++this.ids;
		this.jdbc.update(
				"INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,"
						+ " create_time, status, rollback_count) VALUES (?, 0, 'archiveBookingsStep', ?, now(), ?, ?)",
				step, execution, status, rollbacks);
		this.jdbc.update(
				"INSERT INTO batch_step_execution_context (step_execution_id, short_context)" + " VALUES (?, ?)", step,
				json.toString(StandardCharsets.UTF_8));
		return execution;
	}

	/** A finding of a night's instance in integrity_open_findings, resolved or open. */
	private long openFinding(long instance, String kind, boolean resolved) {
		long row = ++this.ids;
		this.jdbc.update("INSERT INTO integrity_open_findings (id, booking_history_id, original_booking_id, finding,"
				+ " audit_log_id, first_found_on, first_job_instance_id, last_found_on, last_job_instance_id,"
				+ " resolved_on, resolved_job_instance_id, resolution) VALUES (?, ?, ?, ?, ?, DATE '2026-11-19', ?,"
				+ " DATE '2026-11-19', ?, ?, ?, ?)", row, row, row, kind, row, instance, instance,
				resolved ? java.sql.Date.valueOf("2026-11-20") : null, resolved ? instance : null,
				resolved ? "verified clean" : null);
		return row;
	}

	private void resolve(long finding) {
		this.jdbc.update("UPDATE integrity_open_findings SET resolved_on = DATE '2026-11-20', resolved_job_instance_id"
				+ " = last_job_instance_id, resolution = 'verified clean' WHERE id = ?", finding);
	}

	private void scan(Instant at, long findings) {
		long id = ++this.ids;
		this.jdbc.update(
				"INSERT INTO pii_scans (job_execution_id, job_instance_id, as_of, limit_date,"
						+ " bookings_scanned, held_back, findings, scanned_at) VALUES (?, ?, DATE '2026-11-19',"
						+ " DATE '2024-11-19', 100, 0, ?, ?)",
				id, id, findings, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
	}

	private void gaveUp(String chain, Long execution, Instant at) {
		this.jdbc.update(
				"INSERT INTO lifecycle_operations_log (recorded_at, actor, action, job_name, job_execution_id,"
						+ " detail) VALUES (?, 'daemon', 'gave-up', ?, ?, 'asOf=2026-11-20: attempt 3 of 3 FAILED')",
				OffsetDateTime.ofInstant(at, ZoneOffset.UTC), chain, execution);
	}

}
