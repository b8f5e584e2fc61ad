package org.bookinglifecycle.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import org.bookinglifecycle.cli.ExitCodes;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.schedule.ScheduleTriggers;
import org.bookinglifecycle.testsupport.ChildProcess;
import org.bookinglifecycle.testsupport.Cli;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The operators' actions through the page: each asks for confirmation first and does
 * nothing until confirmed, then does what the CLI's command does, recorded with the web
 * user's name; bad input gets the CLI's own message and starts nothing; a pause kept in
 * the database wins over jobs/*.yml until resumed; a viewer sees no button.
 */
class OpsActionsIntegrationTests {

	private static final String ACTOR = "operator (web page)";

	private static WebDaemon web;

	private static MockMvc mvc;

	private static JdbcTemplate jdbc;

	private static JobOperations operations;

	private static long failedVerify;

	@BeforeAll
	static void start() {
		web = WebDaemon.shared();
		mvc = web.mvc();
		jdbc = web.jdbc;
		operations = web.bean(JobOperations.class);
		// a failed night of this class's own, to restart
		failedVerify = WebFixtures.failedVerify(operations, jdbc, WebFixtures.TODAY.minusDays(3));
	}

	@Test
	void aRestartIsConfirmedThenRunsToCompletionRecordedWithTheWebUser() throws Exception {
		long executions = executions();
		MvcResult asked = mvc.perform(asOperator(post("/executions/{id}/restart", failedVerify))).andReturn();

		assertThat(asked.getResponse().getStatus()).isEqualTo(200);
		assertThat(Jsoup.parse(asked.getResponse().getContentAsString()).selectFirst("#what").text())
			.isEqualTo("restart execution " + failedVerify + " of verify-integrity (FAILED)");
		assertThat(executions()).as("nothing starts before the confirmation").isEqualTo(executions);

		MvcResult done = mvc
			.perform(asOperator(post("/executions/{id}/restart", failedVerify).param("confirmed", "true")))
			.andReturn();

		assertThat(done.getResponse().getStatus()).isEqualTo(302);
		assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/executions?job=verify-integrity");
		long restarted = await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForList(
					"""
							SELECT e.job_execution_id FROM batch_job_execution e
							WHERE e.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
							  AND e.job_execution_id > ? AND e.status = 'COMPLETED'
							  -- the log's line is written once the run has ended, after its status
							  AND EXISTS (SELECT 1 FROM lifecycle_operations_log l
							              WHERE l.action = 'restart' AND l.job_execution_id = e.job_execution_id
							                AND l.detail LIKE '%ended%')""",
					Long.class, failedVerify, failedVerify), (ids) -> !ids.isEmpty())
			.get(0);
		assertThat(jdbc.queryForMap(
				"SELECT actor, detail FROM lifecycle_operations_log WHERE action = 'restart' AND job_execution_id = ?",
				restarted))
			.containsEntry("actor", ACTOR)
			.containsEntry("detail", "of execution " + failedVerify + "; ended COMPLETED");
		Document page = Jsoup.parse(html(get("/executions/" + restarted), "viewer"));
		assertThat(page.select("#chain tr td:first-child a").eachText()).containsExactly(String.valueOf(failedVerify),
				String.valueOf(restarted));
	}

	@Test
	void anUnknownExecutionGetsTheClisMessageAndNothingHappens() throws Exception {
		long executions = executions();
		long logged = logged();
		for (String action : List.of("restart", "stop", "abandon", "recover")) {
			MvcResult result = mvc.perform(asOperator(post("/executions/987654/" + action).param("confirmed", "true")))
				.andReturn();
			assertThat(result.getResponse().getStatus()).as(action).isEqualTo(400);
			String message = Jsoup.parse(result.getResponse().getContentAsString()).selectFirst("#error").text();
			// what `restart 987654` (and stop, abandon, recover) print
			assertThat(message).isEqualTo("There is no job execution 987654: see `executions`.");
		}
		assertThat(executions()).isEqualTo(executions);
		assertThat(logged()).isEqualTo(logged);
	}

	@Test
	void aBadParameterValueGetsTheClisMessageAndNothingStarts() throws Exception {
		long executions = executions();
		for (String parameters : List.of("chunkSize=abc", "chunkSize=100001", "asOf=2026-13-01", "colour=blue",
				"asOf")) {
			MvcResult result = mvc
				.perform(asOperator(post("/run").param("job", "verify-integrity")
					.param("parameters", parameters)
					.param("confirmed", "true")))
				.andReturn();
			assertThat(result.getResponse().getStatus()).as(parameters).isEqualTo(400);
			String message = Jsoup.parse(result.getResponse().getContentAsString()).selectFirst("#error").text();
			String expected;
			try {
				operations.parameters("verify-integrity", List.of(parameters), false);
				expected = "accepted";
			}
			catch (RuntimeException ex) {
				expected = ex.getMessage();
			}
			assertThat(message).as(parameters).isEqualTo(expected);
		}
		// the CLI itself says the same for one of them
		Cli.Result cli = new Cli(web.database).run("run", "verify-integrity", "chunkSize=abc");
		assertThat(cli.exit()).isEqualTo(ExitCodes.USAGE);
		MvcResult result = mvc
			.perform(asOperator(post("/run").param("job", "verify-integrity")
				.param("parameters", "chunkSize=abc")
				.param("confirmed", "true")))
			.andReturn();
		assertThat(cli.err())
			.contains(Jsoup.parse(result.getResponse().getContentAsString()).selectFirst("#error").text());
		assertThat(executions()).isEqualTo(executions);
	}

	@Test
	void guestJobsAreNotOfferedAndARunNowIsRecordedWithTheWebUser() throws Exception {
		Document run = Jsoup.parse(html(get("/run"), "operator"));
		assertThat(run.select("#run-job option").eachAttr("value")).contains("verify-integrity", "maintain-partitions")
			.doesNotContain("erase-guest", "export-guest");
		long executions = executions();
		for (String job : List.of("erase-guest", "export-guest")) {
			MvcResult refused = mvc
				.perform(asOperator(post("/run").param("job", job).param("parameters", "").param("confirmed", "true")))
				.andReturn();
			assertThat(refused.getResponse().getStatus()).isEqualTo(400);
			assertThat(refused.getResponse().getContentAsString()).contains("it is not run from the web page");
		}
		assertThat(executions()).isEqualTo(executions);

		mvc.perform(asOperator(post("/run").param("job", "maintain-partitions")
			.param("parameters", "asOf=2026-01-31")
			.param("dryRun", "true")
			.param("confirmed", "true")));

		Map<String, Object> logged = await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForList(
					"SELECT actor, detail FROM lifecycle_operations_log WHERE action = 'run' AND job_name = 'maintain-partitions'"
							+ " AND detail LIKE 'asOf=2026-01-31%'"),
					(rows) -> !rows.isEmpty())
			.get(0);
		assertThat(logged).containsEntry("actor", ACTOR)
			.containsEntry("detail", "asOf=2026-01-31, dry run; ended COMPLETED");
	}

	@Test
	void everyActionOnAGuestJobsExecutionIsRefusedNamingTheCliAndNothingHappens() throws Exception {
		WebFixtures.GuestJobs guest = WebDaemon.sharedGuestJobs();
		assertThat(status(guest.failedErasure())).as("restartable, were it not a guest's").isEqualTo("FAILED");
		ThreadPoolExecutor background = web.context.getBean("opsPageActions", ThreadPoolTaskExecutor.class)
			.getThreadPoolExecutor();
		long executions = executions();
		long logged = logged();
		long submitted = background.getTaskCount();
		Map<Long, String> jobs = Map.of(guest.failedErasure(), "erase-guest", guest.erasure(), "erase-guest",
				guest.export(), "export-guest");
		for (Map.Entry<Long, String> execution : jobs.entrySet()) {
			long id = execution.getKey();
			for (String action : List.of("restart", "stop", "abandon", "recover")) {
				for (String confirmed : List.of("false", "true")) {
					MvcResult refused = mvc
						.perform(asOperator(post("/executions/{id}/" + action, id).param("confirmed", confirmed)))
						.andReturn();
					String what = action + " " + id + (confirmed.equals("true") ? " confirmed" : "");
					assertThat(refused.getResponse().getStatus()).as(what).isEqualTo(400);
					assertThat(Jsoup.parse(refused.getResponse().getContentAsString()).selectFirst("#error").text())
						.as(what)
						.isEqualTo("Execution " + id + " is of " + execution.getValue() + ", a job run on a guest's"
								+ " request: it is started and continued only with the CLI, by the operator who holds"
								+ " the request, never from the web page. Use the CLI: `" + action + " " + id + "`.");
				}
			}
		}
		assertThat(background.getTaskCount()).as("nothing started in the daemon").isEqualTo(submitted);
		assertThat(executions()).isEqualTo(executions);
		assertThat(logged()).isEqualTo(logged);
		assertThat(status(guest.failedErasure())).isEqualTo("FAILED");
		assertThat(status(guest.erasure())).isEqualTo("COMPLETED");
		assertThat(status(guest.export())).isEqualTo("COMPLETED");
	}

	@Test
	void aGuestJobsExecutionShowsItsStatusCountsAndReceiptWithoutAButton() throws Exception {
		WebFixtures.GuestJobs guest = WebDaemon.sharedGuestJobs();
		for (long id : List.of(guest.failedErasure(), guest.erasure(), guest.export())) {
			Document page = Jsoup.parse(html(get("/executions/" + id), "operator"));
			assertThat(page.selectFirst("#status").text()).isEqualTo(status(id));
			assertThat(page.select("main form[method=post]")).as("execution %d", id).isEmpty();
			assertThat(page.select("main button")).as("execution %d", id).isEmpty();
			assertThat(page.selectFirst("#guest-job").text())
				.isEqualTo("A guest job: it is run and continued with the CLI only (`restart " + id
						+ "` and the like), by the operator who holds the guest's request; this page only shows it.");
			for (Map<String, Object> step : jdbc.queryForList(
					"SELECT step_name, status, read_count, write_count FROM batch_step_execution WHERE job_execution_id = ?",
					id)) {
				Element row = page.selectFirst("#steps tr[data-step=" + step.get("step_name") + "]");
				assertThat(row).as(step.toString()).isNotNull();
				assertThat(row.select("td").eachText().subList(1, 4)).containsExactly(
						String.valueOf(step.get("status")), String.valueOf(step.get("read_count")),
						String.valueOf(step.get("write_count")));
			}
		}
		// the erasure's receipt, as stored and signed
		Map<String, Object> receipt = jdbc.queryForMap(
				"SELECT receipt::text AS text, signature FROM lifecycle_erasure_receipts WHERE job_execution_id = ?",
				guest.erasure());
		Document erasure = Jsoup.parse(html(get("/executions/" + guest.erasure()), "viewer"));
		assertThat(erasure.select("#summary li").eachText())
			.contains("erasure receipt: " + receipt.get("text") + " signature hmac-sha256:" + receipt.get("signature"));
		assertThat(erasure.html()).doesNotContain(WebFixtures.THIRD_NAME, WebFixtures.THIRD_EMAIL,
				WebFixtures.OTHER_NAME, WebFixtures.OTHER_EMAIL);
	}

	@Test
	void stopAbandonAndRecoverSayWhatTheCliSaysAndAreRecorded() throws Exception {
		long completed = jdbc.queryForObject(
				"SELECT min(job_execution_id) FROM batch_job_execution WHERE status = 'COMPLETED'", Long.class);
		for (String action : List.of("stop", "abandon", "recover")) {
			MvcResult refused = mvc
				.perform(asOperator(post("/executions/{id}/" + action, completed).param("confirmed", "true")))
				.andReturn();
			assertThat(refused.getResponse().getStatus()).as(action).isEqualTo(409);
			assertThat(Jsoup.parse(refused.getResponse().getContentAsString()).selectFirst("#error").text())
				.startsWith("Execution " + completed + " is COMPLETED");
		}
		long failed = WebFixtures.failedVerify(operations, jdbc, WebFixtures.TODAY.minusDays(5));

		mvc.perform(asOperator(post("/executions/{id}/abandon", failed).param("confirmed", "true")));

		assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, failed))
			.isEqualTo("ABANDONED");
		assertThat(jdbc.queryForObject(
				"SELECT actor FROM lifecycle_operations_log WHERE action = 'abandon' AND job_execution_id = ?",
				String.class, failed))
			.isEqualTo(ACTOR);
	}

	@Test
	void aRunningNightIsStoppedFromThePageAtAChunkBoundaryAndRecordedWithTheWebUser() throws Exception {
		String asOf = WebFixtures.TODAY.minusDays(9).toString();
		// one row a chunk, 300 ms apart: runs far longer than the test needs to reach it
		mvc.perform(asOperator(post("/run").param("job", "verify-integrity")
			.param("parameters", "asOf=" + asOf + " chunkSize=1 throttle=300ms")
			.param("confirmed", "true")));
		long running = await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e
					JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
					WHERE p.parameter_name = 'asOf' AND p.parameter_value = ? AND e.status = 'STARTED'
					  AND EXISTS (SELECT 1 FROM batch_step_execution s
					              WHERE s.job_execution_id = e.job_execution_id AND s.commit_count > 0)""", Long.class,
					asOf), (ids) -> !ids.isEmpty())
			.get(0);

		MvcResult asked = mvc.perform(asOperator(post("/executions/{id}/stop", running))).andReturn();
		assertThat(Jsoup.parse(asked.getResponse().getContentAsString()).selectFirst("#what").text())
			.startsWith("stop execution " + running);
		mvc.perform(asOperator(post("/executions/{id}/stop", running).param("confirmed", "true")));

		await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
					String.class, running), "STOPPED"::equals);
		assertThat(jdbc.queryForObject(
				"SELECT actor FROM lifecycle_operations_log WHERE action = 'stop' AND job_execution_id = ?",
				String.class, running))
			.isEqualTo(ACTOR);
		assertThat(jdbc.queryForObject("SELECT sum(read_count) FROM batch_step_execution WHERE job_execution_id = ?",
				Long.class, running))
			.as("stopped before the end of its rows")
			.isLessThan(jdbc.queryForObject("SELECT count(*) FROM booking_history", Long.class));
	}

	@Test
	void aNightWhoseProcessWasKilledIsRecoveredFromThePageAndRecordedWithTheWebUser() throws Exception {
		String asOf = WebFixtures.TODAY.minusDays(11).toString();
		Process child = ChildProcess.start("run", "verify-integrity", "asOf=" + asOf, "chunkSize=1", "throttle=300ms",
				"--db-url", web.database.url());
		long crashed;
		try {
			crashed = await().atMost(Duration.ofSeconds(90))
				.until(() -> jdbc.queryForList("""
						SELECT e.job_execution_id FROM batch_job_execution e
						JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
						WHERE p.parameter_name = 'asOf' AND p.parameter_value = ? AND e.status = 'STARTED'
						  AND EXISTS (SELECT 1 FROM batch_step_execution s
						              WHERE s.job_execution_id = e.job_execution_id AND s.commit_count > 0)""",
						Long.class, asOf), (ids) -> !ids.isEmpty())
				.get(0);
		}
		finally {
			child.destroyForcibly().waitFor(); // SIGKILL: the execution stays STARTED
		}

		MvcResult asked = mvc.perform(asOperator(post("/executions/{id}/recover", crashed))).andReturn();
		assertThat(Jsoup.parse(asked.getResponse().getContentAsString()).selectFirst("#what").text())
			.startsWith("recover execution " + crashed);
		assertThat(status(crashed)).as("nothing happens before the confirmation").isEqualTo("STARTED");
		mvc.perform(asOperator(post("/executions/{id}/recover", crashed).param("confirmed", "true")));

		assertThat(status(crashed)).isEqualTo("FAILED");
		assertThat(jdbc.queryForObject(
				"SELECT actor FROM lifecycle_operations_log WHERE action = 'recover' AND job_execution_id = ?",
				String.class, crashed))
			.isEqualTo(ACTOR);
	}

	private static String status(long execution) {
		return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
				execution);
	}

	@Test
	void aPauseKeptInTheDatabaseWinsOverTheDefinitionUntilResumed() throws Exception {
		mvc.perform(asOperator(post("/schedules/nightly/pause")));
		assertThat(triggerState()).as("not before the confirmation").isEqualTo("WAITING");

		mvc.perform(asOperator(post("/schedules/nightly/pause").param("confirmed", "true")));

		assertThat(triggerState()).isEqualTo("PAUSED");
		assertThat(jdbc.queryForObject("SELECT paused_by FROM lifecycle_trigger_pauses WHERE chain_name = 'nightly'",
				String.class))
			.isEqualTo(ACTOR);
		Element row = Jsoup.parse(html(get("/schedules"), "viewer")).selectFirst("tr[data-chain=nightly]");
		assertThat(row.attr("data-state")).isEqualTo("paused");
		assertThat(row.selectFirst(".source").text()).startsWith("paused on the web page by " + ACTOR)
			.endsWith("(kept in the database)");
		assertThat(row.selectFirst(".next-fire").text()).isEqualTo("-");

		// a daemon starting again (the YAML says enabled) keeps it paused
		jdbc.update("UPDATE qrtz_triggers SET trigger_state = 'WAITING' WHERE trigger_name = 'nightly'");
		assertThat(web.bean(ScheduleTriggers.class).applyPauses()).singleElement()
			.asString()
			.startsWith("nightly: paused by " + ACTOR);
		assertThat(triggerState()).isEqualTo("PAUSED");

		mvc.perform(asOperator(post("/schedules/nightly/resume").param("confirmed", "true")));

		assertThat(triggerState()).isEqualTo("WAITING");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_trigger_pauses", Long.class)).isZero();
		row = Jsoup.parse(html(get("/schedules"), "viewer")).selectFirst("tr[data-chain=nightly]");
		assertThat(row.attr("data-state")).isEqualTo("enabled");
		assertThat(row.selectFirst(".source").text()).isEqualTo("jobs/maintain-partitions.yml");
		assertThat(jdbc.queryForList(
				"SELECT action || ' by ' || actor FROM lifecycle_operations_log WHERE job_name = 'nightly' ORDER BY id",
				String.class))
			.containsExactly("pause by " + ACTOR, "resume by " + ACTOR);
		MvcResult unknown = mvc.perform(asOperator(post("/schedules/weekly/pause").param("confirmed", "true")))
			.andReturn();
		assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
	}

	@Test
	void aViewerSeesNoButton() throws Exception {
		for (String url : List.of("/", "/executions", "/executions/" + failedVerify, "/schedules", "/run")) {
			Document viewer = Jsoup.parse(html(get(url), "viewer"));
			assertThat(viewer.select("main form[method=post]")).as(url).isEmpty();
			assertThat(viewer.selectFirst("#nav-run")).isNull();
		}
		Document operator = Jsoup.parse(html(get("/executions/" + failedVerify), "operator"));
		// the actions its status allows
		assertThat(operator.select("#actions button").eachAttr("id")).containsExactly("restart", "abandon");
		assertThat(Jsoup.parse(html(get("/schedules"), "operator")).select("#pause-nightly")).hasSize(1);
	}

	private static MockHttpServletRequestBuilder asOperator(MockHttpServletRequestBuilder request) {
		return request.with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)).with(csrf());
	}

	private static String html(MockHttpServletRequestBuilder request, String user) throws Exception {
		String password = "operator".equals(user) ? WebDaemon.OPERATOR_PASSWORD : WebDaemon.VIEWER_PASSWORD;
		return mvc.perform(request.with(httpBasic(user, password))).andReturn().getResponse().getContentAsString();
	}

	private static long executions() {
		return jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
	}

	private static long logged() {
		return jdbc.queryForObject("SELECT count(*) FROM lifecycle_operations_log", Long.class);
	}

	private static String triggerState() {
		return jdbc.queryForObject("SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = 'nightly'",
				String.class);
	}

}
