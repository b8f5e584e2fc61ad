package org.bookinglifecycle.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.ServletContext;
import org.bookinglifecycle.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every endpoint of the page for every kind of caller, on the daemon's own web context: a
 * browser without login is sent to the login page, a script gets 401, a viewer reads and
 * gets 403 for every action, an operator's POST without a CSRF token gets 403; the
 * actuator stays open; the security headers and the session timeout are set; and without
 * any user the daemon still schedules, the page off.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebSecurityIntegrationTests {

	private static WebDaemon web;

	private static MockMvc mvc;

	private static long executionId;

	@BeforeAll
	static void start() {
		web = WebDaemon.shared();
		mvc = web.mvc();
		executionId = web.jdbc.queryForObject(
				"SELECT min(job_execution_id) FROM batch_job_execution WHERE status = 'COMPLETED'", Long.class);
	}

	private static List<String> pages() {
		return List.of("/", "/?exact=true", "/executions", "/executions?job=archive-bookings&status=COMPLETED&page=0",
				"/executions/" + executionId, "/schedules", "/run");
	}

	private static List<MockHttpServletRequestBuilder> actions() {
		return List.of(post("/executions/{id}/restart", executionId), post("/executions/{id}/stop", executionId),
				post("/executions/{id}/abandon", executionId), post("/executions/{id}/recover", executionId),
				post("/run").param("job", "maintain-partitions").param("parameters", "asOf=2026-01-31"),
				post("/schedules/nightly/pause"), post("/schedules/nightly/resume"));
	}

	@Test
	void theActuatorIsOpenAndEveryPageNeedsALogin() throws Exception {
		mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
		mvc.perform(get("/login")).andExpect(status().isOk());
		for (String page : pages()) {
			// a browser is sent to the login page
			mvc.perform(get(page).accept(MediaType.TEXT_HTML))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/login"));
			// a script gets 401 and a Basic challenge
			mvc.perform(get(page))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", "Basic realm=\"booking-lifecycle\""));
			mvc.perform(get(page).with(httpBasic("viewer", "wrong"))).andExpect(status().isUnauthorized());
			mvc.perform(get(page).with(httpBasic("viewer", WebDaemon.VIEWER_PASSWORD))).andExpect(status().isOk());
			mvc.perform(get(page).with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD))).andExpect(status().isOk());
		}
	}

	@Test
	void aViewersActionIsForbiddenAndAnOperatorsNeedsACsrfToken() throws Exception {
		long logged = loggedActions();
		long executions = executions();
		for (MockHttpServletRequestBuilder action : actions()) {
			mvc.perform(action.with(csrf())).andExpect(status().isUnauthorized());
			mvc.perform(action.with(httpBasic("viewer", WebDaemon.VIEWER_PASSWORD)).with(csrf()))
				.andExpect(status().isForbidden());
			mvc.perform(action.with(httpBasic("viewer", WebDaemon.VIEWER_PASSWORD))).andExpect(status().isForbidden());
			mvc.perform(action.with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)))
				.andExpect(status().isForbidden());
			mvc.perform(action.with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)).with(csrf().useInvalidToken()))
				.andExpect(status().isForbidden());
		}
		// with a token, an operator is asked to confirm (the restart of a completed
		// execution is refused with the CLI's message); nothing was done meanwhile
		for (MockHttpServletRequestBuilder action : actions().subList(1, actions().size())) {
			mvc.perform(action.with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)).with(csrf()))
				.andExpect(status().isOk());
		}
		mvc.perform(actions().get(0).with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)).with(csrf()))
			.andExpect(status().isConflict());
		assertThat(loggedActions()).isEqualTo(logged);
		assertThat(executions()).isEqualTo(executions);
	}

	@Test
	void aBrowserLogsInWithTheFormAndOutAgain() throws Exception {
		mvc.perform(post("/login").param("username", "operator").param("password", "wrong").with(csrf()))
			.andExpect(redirectedUrl("/login?error"));
		mvc.perform(post("/login").param("username", "operator").param("password", WebDaemon.OPERATOR_PASSWORD))
			.andExpect(status().isForbidden());
		mvc.perform(post("/login").param("username", "operator")
			.param("password", WebDaemon.OPERATOR_PASSWORD)
			.with(csrf())).andExpect(redirectedUrl("/"));
		mvc.perform(post("/logout").accept(MediaType.TEXT_HTML).with(csrf())).andExpect(redirectedUrl("/login?logout"));
	}

	@Test
	void pagesCarryTheSecurityHeadersAndSessionsTimeOut() throws Exception {
		mvc.perform(get("/").with(httpBasic("viewer", WebDaemon.VIEWER_PASSWORD)))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Referrer-Policy", "same-origin"))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
			.andExpect(header().string("Cache-Control", containsString("no-store")));
		ServletContext servlet = ((WebApplicationContext) web.context).getServletContext();
		assertThat(servlet.getSessionTimeout()).as("minutes").isEqualTo(15);
	}

	@Test
	void theRealServerAnswersScriptsWithBasicAuth() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String base = "http://localhost:" + web.port();
		assertThat(http
			.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		assertThat(http
			.send(HttpRequest.newBuilder(URI.create(base + "/executions")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
		String viewer = "Basic " + Base64.getEncoder()
			.encodeToString(("viewer:" + WebDaemon.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create(base + "/executions")).header("Authorization", viewer).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("archive-bookings");
	}

	@Test
	void withoutAnyUserTheDaemonSchedulesWithThePageOff(CapturedOutput output) throws Exception {
		try (WebDaemon off = WebDaemon.withoutUsers(TestDatabase.migrated(getClass()))) {
			MockMvc offMvc = off.mvc();
			offMvc.perform(get("/actuator/health")).andExpect(status().isOk());
			offMvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(status().isForbidden());
			offMvc.perform(get("/executions").with(httpBasic("operator", WebDaemon.OPERATOR_PASSWORD)))
				.andExpect(status().isForbidden());
			assertThat(off.daemon.taking()).as("the scheduler runs").isTrue();
			assertThat(off.jdbc.queryForObject("SELECT count(*) FROM qrtz_triggers", Long.class)).isPositive();
		}
		assertThat(output.getAll()).contains("Web ops page off: neither LIFECYCLE_WEB_OPERATOR_PASSWORD nor"
				+ " LIFECYCLE_WEB_VIEWER_PASSWORD is set");
	}

	private static long executions() {
		return web.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
	}

	private static long loggedActions() {
		return web.jdbc.queryForObject("SELECT count(*) FROM lifecycle_operations_log", Long.class);
	}

}
