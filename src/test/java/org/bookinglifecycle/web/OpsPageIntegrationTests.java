package org.bookinglifecycle.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bookinglifecycle.archive.ArchiveFixtures;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The pages on a seeded database with a few nights run: every figure is checked against
 * SQL written here, independently of the page's own statements; and no page shows a
 * guest's name, email, phone or IP address.
 */
class OpsPageIntegrationTests {

	private static final LocalDate TODAY = WebFixtures.TODAY;

	private static WebDaemon web;

	private static MockMvc mvc;

	private static JdbcTemplate jdbc;

	private static long failedVerify;

	@BeforeAll
	static void start() {
		web = WebDaemon.shared();
		mvc = web.mvc();
		jdbc = web.jdbc;
		failedVerify = WebDaemon.sharedFailedVerify();
	}

	@Test
	void theOverviewShowsTheDatabasesFigures() throws Exception {
		// one booking the rules take today (the nights archived the others)
		jdbc.update(
				"INSERT INTO bookings (id, booking_reference, hotel_id, room_type, check_in_date, check_out_date,"
						+ " booking_status, payment_status, total_amount, currency) VALUES (9000100, 'PENDING-1', 1,"
						+ " 'standard', ?, ?, 'completed', 'paid', 80.00, 'EUR')",
				TODAY.minusDays(45), TODAY.minusDays(40));
		Document overview;
		long pending;
		long active;
		try {
			overview = page("/?exact=true");
			pending = ArchiveFixtures.expectedCandidates(jdbc, TODAY.toString());
			active = count("SELECT count(*) FROM bookings");
		}
		finally {
			jdbc.update("DELETE FROM bookings WHERE id = 9000100");
		}

		assertThat(pending).isPositive();
		assertThat(figure(overview, "#health", "pending archive (the rules as of today)"))
			.isEqualTo(String.valueOf(pending));

		assertThat(figure(overview, "#health", "active bookings")).isEqualTo(String.valueOf(active));
		assertThat(figure(overview, "#health", "history rows"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM booking_history")));
		assertThat(count("SELECT count(*) FROM booking_history WHERE original_booking_id = 9000001"))
			.as("the known guest was archived")
			.isEqualTo(1);
		// failed since the day a week before today, as the figure's link lists them
		assertThat(overview.selectFirst("#failed-count").text()).isEqualTo(String
			.valueOf(count("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED' AND create_time >= ?",
					TODAY.minusDays(7))))
			.isNotEqualTo("0");

		// performance: real runs of the last 30 nights (today included), by job
		LocalDate first = TODAY.minusDays(29);
		for (String job : List.of("archive-bookings", "verify-integrity")) {
			Element panel = overview.selectFirst("div.job-performance[data-job=" + job + "]");
			assertThat(panel).as(job).isNotNull();
			String real = " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
					+ " WHERE i.job_name = ? AND e.start_time >= CAST(? AS DATE) AND NOT EXISTS"
					+ " (SELECT 1 FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id"
					+ " AND p.parameter_name = 'dryRun' AND p.parameter_value = 'true')";
			assertThat(panel.selectFirst(".executions").text())
				.isEqualTo(String.valueOf(count("SELECT count(*)" + real, job, first)));
			assertThat(panel.selectFirst(".failed").text())
				.isEqualTo(String.valueOf(count("SELECT count(*)" + real + " AND e.status = 'FAILED'", job, first)));
			assertThat(panel.selectFirst(".rows-written").text()).isEqualTo(String.valueOf(count(
					"SELECT COALESCE(sum(s.write_count), 0) FROM batch_step_execution s WHERE s.job_execution_id IN"
							+ " (SELECT e.job_execution_id" + real + ")",
					job, first)));
			// one bar: everything ran today (none on a later day, were the run to pass
			// midnight: the chart ends today)
			assertThat(panel.select("svg rect.bar"))
				.hasSize((int) count("SELECT count(DISTINCT CAST(e.start_time AS DATE))" + real
						+ " AND e.start_time < CAST(? AS DATE) + 1", job, first, TODAY));
		}
		double verifies = count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
				+ " USING (job_instance_id) WHERE i.job_name = 'verify-integrity'");
		double failedVerifies = count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
				+ " USING (job_instance_id) WHERE i.job_name = 'verify-integrity' AND e.status = 'FAILED'");
		assertThat(overview.selectFirst("div.job-performance[data-job=verify-integrity] .error-rate").text())
			.isEqualTo(String.format(Locale.ROOT, "%.1f", 100 * failedVerifies / verifies));
		assertThat(count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
				+ " WHERE i.job_name = 'archive-bookings' AND e.status = 'COMPLETED'"))
			.isEqualTo(1);
		// jobs with no real run are absent, not zero
		assertThat(overview.select("div.job-performance[data-job=maintain-partitions]")).as("a dry run only").isEmpty();
		assertThat(overview.select("div.job-performance[data-job=purge-retention]")).as("never ran").isEmpty();

		// compliance: verify-integrity's open findings (found, not yet verified clean,
		// whatever the last night covered) and its coverage, and the jobs' own figures
		long openFindings = count("SELECT count(*) FROM integrity_open_findings WHERE resolved_on IS NULL");
		long shownFindings = overview.select("#integrity td.num")
			.stream()
			.mapToLong((td) -> Long.parseLong(td.text()))
			.sum();
		assertThat(shownFindings).isEqualTo(openFindings);
		for (Element kind : overview.select("#integrity tr[data-finding]")) {
			String finding = kind.attr("data-finding");
			assertThat(Long.parseLong(kind.selectFirst("td.num").text())).as(finding)
				.isEqualTo(finding.equals("none") ? 0 : count(
						"SELECT count(*) FROM integrity_open_findings WHERE resolved_on IS NULL AND finding = ?",
						finding));
		}
		assertThat(figure(overview, "#compliance",
				"open integrity failures (hash_mismatch, audit_id_dangling, audit_id_duplicate; until verified clean)"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM integrity_open_findings WHERE resolved_on IS NULL"
					+ " AND finding IN ('hash_mismatch', 'audit_id_dangling', 'audit_id_duplicate')")));
		// coverage, as the last planned completed night left it: a full night (the
		// fixtures' verify of today, the database's first) verified every row that night
		Map<String, Object> lastNight = jdbc.queryForMap("SELECT as_of::TEXT AS as_of, mode FROM integrity_nights"
				+ " WHERE completed_at IS NOT NULL ORDER BY planned_at DESC, job_instance_id DESC LIMIT 1");
		assertThat(overview.selectFirst("#coverage-last").text()).isEqualTo(lastNight.get("as_of"));
		if ("full".equals(lastNight.get("mode"))) {
			assertThat(overview.selectFirst("#coverage-oldest").text()).isEqualTo(lastNight.get("as_of"));
			assertThat(overview.selectFirst("#coverage-within").text()).isEqualTo("yes");
		}
		assertThat(figure(overview, "#compliance", "history without hash"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM booking_history WHERE data_hash IS NULL")));
		assertThat(figure(overview, "#compliance", "audit rows"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM audit_logs")));
		assertThat(overview.select("#compliance tr[data-figure^=\"PII left past the limit\"] td").text())
			.isEqualTo("0");
	}

	@Test
	void theComplianceListsTheLegalHoldsInForceOnly() throws Exception {
		// in force: open-ended, and until today; not: released, and expired yesterday
		jdbc.update(
				"""
						INSERT INTO legal_holds (resource_type, resource_id, reason, held_by, held_until, released_by, released_at)
						VALUES ('BOOKING', 1, 'case W-1', 'ops', NULL, NULL, NULL),
						       ('BOOKING', 2, 'case W-2', 'ops', ?, NULL, NULL),
						       ('BOOKING', 3, 'case W-3', 'ops', NULL, 'ops', now()),
						       ('BOOKING', 4, 'case W-4', 'ops', ?, NULL, NULL)""",
				TODAY, TODAY.minusDays(1));
		try {
			Document overview = page("/");

			assertThat(overview.selectFirst("#holds").text()).isEqualTo("2")
				.isEqualTo(
						String.valueOf(count(
								"SELECT count(*) FROM legal_holds WHERE released_at IS NULL"
										+ " AND COALESCE(held_until, CAST(? AS DATE)) >= CAST(? AS DATE)",
								TODAY, TODAY)));
		}
		finally {
			jdbc.update("DELETE FROM legal_holds WHERE reason LIKE 'case W-%'");
		}
	}

	@Test
	void executionsAreFilteredAndPagedNewestFirst() throws Exception {
		Document all = page("/executions?size=2");
		long executions = count("SELECT count(*) FROM batch_job_execution");
		assertThat(all.selectFirst("#total").text()).isEqualTo(String.valueOf(executions));
		List<Long> firstPage = ids(all);
		assertThat(firstPage).containsExactlyElementsOf(jdbc
			.queryForList("SELECT job_execution_id FROM batch_job_execution ORDER BY 1 DESC LIMIT 2", Long.class));
		assertThat(ids(page("/executions?size=2&page=1"))).containsExactlyElementsOf(jdbc.queryForList(
				"SELECT job_execution_id FROM batch_job_execution ORDER BY 1 DESC LIMIT 2 OFFSET 2", Long.class));
		assertThat(all.selectFirst("#older")).isNotNull();

		assertThat(ids(page("/executions?job=verify-integrity"))).containsExactlyElementsOf(jdbc.queryForList(
				"SELECT e.job_execution_id FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
						+ " WHERE i.job_name = 'verify-integrity' ORDER BY 1 DESC",
				Long.class));
		assertThat(ids(page("/executions?status=failed"))).contains(failedVerify)
			.containsExactlyElementsOf(jdbc.queryForList(
					"SELECT job_execution_id FROM batch_job_execution WHERE status = 'FAILED' ORDER BY 1 DESC",
					Long.class));
		// every execution was created today, or later were the run to pass midnight
		assertThat(ids(page("/executions?size=200&from=" + TODAY + "&to=" + TODAY))).hasSize(
				(int) count("SELECT count(*) FROM batch_job_execution WHERE create_time < CAST(? AS DATE) + 1", TODAY));
		assertThat(ids(page("/executions?to=" + TODAY.minusDays(1)))).isEmpty();
	}

	@Test
	void anExecutionShowsItsParametersStepsSummaryFailureAndOwner() throws Exception {
		Document failed = page("/executions/" + failedVerify);
		assertThat(failed.selectFirst("#status").text()).isEqualTo("FAILED");
		assertThat(failed.selectFirst("#parameters").text()).contains("asOf=" + TODAY.minusDays(1));
		assertThat(failed.selectFirst("#failure").text()).contains("booking_history");
		assertThat(failed.selectFirst("#owner").text()).contains("pid " + ProcessHandle.current().pid());
		assertThat(failed.select("#chain tr td:first-child a").eachText())
			.containsExactly(String.valueOf(failedVerify));

		long archive = count("SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i"
				+ " USING (job_instance_id) WHERE i.job_name = 'archive-bookings'");
		Document archived = page("/executions/" + archive);
		for (Map<String, Object> step : jdbc.queryForList(
				"SELECT step_name, read_count, write_count, commit_count FROM batch_step_execution WHERE job_execution_id = ?",
				archive)) {
			Element row = archived.selectFirst("#steps tr[data-step=" + step.get("step_name") + "]");
			assertThat(row).as(step.toString()).isNotNull();
			assertThat(row.select("td").eachText().subList(2, 4))
				.containsExactly(String.valueOf(step.get("read_count")), String.valueOf(step.get("write_count")));
			assertThat(row.select("td").get(6).text()).isEqualTo(String.valueOf(step.get("commit_count")));
		}
		assertThat(archived.select("#summary li")).as("the archive's summary").isNotEmpty();
		assertThat(archived.selectFirst("#operations").text()).contains("web test daemon run");
	}

	@Test
	void schedulesShowCronNextFireAndLastResult() throws Exception {
		Document schedules = page("/schedules");
		Element nightly = schedules.selectFirst("#schedules tr[data-chain=nightly]");
		assertThat(nightly).isNotNull();
		assertThat(nightly.attr("data-state")).isEqualTo("enabled");
		assertThat(nightly.selectFirst(".source").text()).isEqualTo("jobs/maintain-partitions.yml");
		long next = count("SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = 'nightly'");
		assertThat(nightly.selectFirst(".next-fire").text()).isEqualTo(Instant.ofEpochMilli(next).toString());
		assertThat(nightly.text()).contains("0 0 2 * * ?").contains("never ran");
	}

	@Test
	void noPageShowsAGuestsPersonalData() throws Exception {
		List<String> pages = new ArrayList<>();
		for (String user : List.of("operator", "viewer")) {
			for (String url : List.of("/", "/?exact=true", "/executions?size=200", "/schedules", "/run", "/login")) {
				pages.add(html(url, user));
			}
			for (long id : jdbc.queryForList("SELECT job_execution_id FROM batch_job_execution", Long.class)) {
				pages.add(html("/executions/" + id, user));
			}
		}
		List<String> personal = new ArrayList<>(List.of(WebFixtures.GUEST_NAME, WebFixtures.GUEST_EMAIL,
				WebFixtures.GUEST_PHONE, WebFixtures.GUEST_IP, WebFixtures.OTHER_NAME, WebFixtures.OTHER_EMAIL));
		// and every seeded guest's full name, email and phone, and every audit IP
		personal.addAll(jdbc.queryForList("""
				SELECT v FROM (SELECT guest_name AS v FROM bookings UNION SELECT guest_email FROM bookings
				               UNION SELECT guest_phone FROM bookings UNION SELECT guest_name FROM booking_history
				               UNION SELECT guest_email FROM booking_history UNION SELECT ip_address FROM audit_logs) t
				WHERE v IS NOT NULL AND length(v) > 6""", String.class));
		assertThat(personal).hasSizeGreaterThan(300);
		for (String html : pages) {
			assertThat(html).doesNotContain(personal.toArray(String[]::new));
		}
	}

	private static String html(String url, String user) throws Exception {
		String password = "operator".equals(user) ? WebDaemon.OPERATOR_PASSWORD : WebDaemon.VIEWER_PASSWORD;
		return mvc.perform(get(url).with(httpBasic(user, password)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	static Document page(String url) throws Exception {
		return Jsoup.parse(html(url, "viewer"));
	}

	private static String figure(Document page, String section, String name) {
		Element row = page.selectFirst(section + " tr[data-figure=\"" + name + "\"]");
		assertThat(row).as(name).isNotNull();
		return row.selectFirst("td").text();
	}

	private static List<Long> ids(Document executions) {
		return executions.select("#executions tr[data-execution]")
			.stream()
			.map((row) -> Long.parseLong(row.attr("data-execution")))
			.toList();
	}

	private static long count(String sql, Object... args) {
		Long value = jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

}
