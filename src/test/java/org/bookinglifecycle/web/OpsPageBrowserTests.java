package org.bookinglifecycle.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

import org.bookinglifecycle.operations.JobOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver (nothing downloaded at run time: Selenium Manager is off with
 * {@code SE_OFFLINE=true}, set by the build). An operator logs in, checks the overview's
 * figures against SQL, opens a failed execution, restarts it and sees it complete, finds
 * no button on a guest job's failed execution; a viewer finds no button. Each page is
 * saved as a screenshot under {@code target/screenshots/}.
 */
class OpsPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static WebDaemon web;

	private static JdbcTemplate jdbc;

	private static WebDriver browser;

	private static Path profile;

	private static String base;

	private static WebFixtures.GuestJobs guest;

	@BeforeAll
	static void start() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("Debian's chromium and chromium-driver are installed (`bash .ci/run` installs them)")
			.isTrue();
		web = WebDaemon.shared();
		jdbc = web.jdbc;
		guest = WebDaemon.sharedGuestJobs();
		base = "http://localhost:" + web.port();
		profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stop() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@Test
	void anOperatorRestartsAFailedNightNotAGuestJobAndAViewerFindsNoButton() throws IOException {
		long failed = WebFixtures.failedVerify(web.bean(JobOperations.class), jdbc, WebFixtures.TODAY.minusDays(7));

		// an anonymous browser is sent to the login page
		browser.get(base + "/");
		assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
		screenshot("login");
		logIn("operator", WebDaemon.OPERATOR_PASSWORD);
		assertThat(text("#who")).isEqualTo("operator (operator)");

		// the overview's figures are the database's
		browser.get(base + "/?exact=true");
		assertThat(text("#health tr[data-figure='active bookings'] td"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM bookings")));
		assertThat(text("#health tr[data-figure='history rows'] td"))
			.isEqualTo(String.valueOf(count("SELECT count(*) FROM booking_history")));
		assertThat(text("#failed-count")).isEqualTo(String
			.valueOf(count("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED' AND create_time >= ?",
					WebFixtures.TODAY.minusDays(7))));
		assertThat(browser.findElements(By.cssSelector("#performance svg"))).isNotEmpty();
		screenshot("overview");

		// the failed night, from the list
		browser.get(base + "/executions?status=FAILED");
		screenshot("executions");
		find(By.cssSelector("tr[data-execution='" + failed + "'] a")).click();
		assertThat(text("#status")).isEqualTo("FAILED");
		assertThat(text("#failure")).contains("booking_history");
		screenshot("execution-failed");

		// restart, confirmed
		find(By.id("restart")).click();
		assertThat(text("#what")).isEqualTo("restart execution " + failed + " of verify-integrity (FAILED)");
		screenshot("confirm-restart");
		find(By.id("confirm")).click();
		assertThat(text("#message")).startsWith("Restart of execution " + failed);
		long restarted = new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500))
			.until((driver) -> {
				driver.navigate().refresh();
				return driver.findElements(By.cssSelector("tr[data-status='COMPLETED']"))
					.stream()
					.map((row) -> Long.parseLong(row.getDomAttribute("data-execution")))
					.filter((id) -> id > failed && sameInstance(failed, id))
					.findFirst()
					.orElse(null);
			});
		find(By.cssSelector("tr[data-execution='" + restarted + "'] a")).click();
		assertThat(text("#status")).isEqualTo("COMPLETED");
		assertThat(browser.findElements(By.cssSelector("#chain tr td:first-child a")).stream().map((a) -> a.getText()))
			.containsExactly(String.valueOf(failed), String.valueOf(restarted));
		assertThat(text("#operations")).contains("operator (web page) restart");
		screenshot("execution-restarted");
		browser.get(base + "/schedules");
		screenshot("schedules");
		browser.get(base + "/run");
		screenshot("run");

		// a guest job's failed execution: read-only, even for an operator
		browser.get(base + "/executions/" + guest.failedErasure());
		assertThat(text("#status")).isEqualTo("FAILED");
		assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).isEmpty();
		assertThat(browser.findElements(By.cssSelector("main button"))).isEmpty();
		assertThat(text("#guest-job")).startsWith("A guest job: it is run and continued with the CLI only");
		screenshot("execution-guest-job");

		// a viewer reads everything and finds no button
		find(By.id("logout")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until((driver) -> driver.getCurrentUrl().equals(base + "/login?logout"));
		logIn("viewer", WebDaemon.VIEWER_PASSWORD);
		for (String page : new String[] { "/", "/executions/" + failed, "/executions/" + guest.failedErasure(),
				"/schedules", "/run" }) {
			browser.get(base + page);
			assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as(page).isEmpty();
			assertThat(browser.findElements(By.cssSelector("main button"))).as(page).isEmpty();
		}
		browser.get(base + "/executions/" + failed);
		screenshot("viewer-execution");
	}

	private static void logIn(String user, String password) {
		find(By.id("username")).sendKeys(user);
		find(By.id("password")).sendKeys(password);
		find(By.id("login")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until((driver) -> !driver.getCurrentUrl().contains("/login"));
	}

	private static String text(String css) {
		return find(By.cssSelector(css)).getText();
	}

	/**
	 * The element, once it is there: a click that submits a form may return before the
	 * next page has loaded.
	 */
	private static WebElement find(By by) {
		return new WebDriverWait(browser, Duration.ofSeconds(10)).until((driver) -> driver.findElement(by));
	}

	private static boolean sameInstance(long first, long other) {
		return count("SELECT count(DISTINCT job_instance_id) FROM batch_job_execution WHERE job_execution_id IN (?, ?)",
				first, other) == 1;
	}

	private static long count(String sql, Object... args) {
		Long value = jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
