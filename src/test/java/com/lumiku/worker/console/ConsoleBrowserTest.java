package com.lumiku.worker.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.lumiku.worker.testsupport.TestRows;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: Debian's chromium driven through chromedriver by
 * Selenium, headless, against a daemon on a real port and a real PostgreSQL. Every page
 * is photographed under {@code target/console-screenshots/}. Without chromium and
 * chromedriver the test fails, unless {@code -Dlumiku.browser.optional=true}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.mode=serve", "lumiku.test-jobs.enabled=true", "management.server.port=0",
				"lumiku.console.refresh-interval=1s", "lumiku.scheduling.maintenance-interval=1h",
				"lumiku.console.tokens=" + ConsoleBrowserTest.OPERATOR + "," + ConsoleBrowserTest.VIEWER })
class ConsoleBrowserTest extends WorkerIntegrationTest {

	static final String OPERATOR_TOKEN = "ops-token-0123456789abcdef";

	static final String OPERATOR = "ops:operator:" + OPERATOR_TOKEN;

	static final String VIEWER_TOKEN = "viewer-token-0123456789";

	static final String VIEWER = "viewer:read-only:" + VIEWER_TOKEN;

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private static final Path jobsDirectory = jobsDirectory();

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void jobs(DynamicPropertyRegistry registry) {
		registry.add("lumiku.scheduling.jobs-directory", jobsDirectory::toString);
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		Path chromium = Path.of("/usr/bin/chromium");
		Path driver = Path.of("/usr/bin/chromedriver");
		if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
			String message = "chromium and chromedriver are needed (apt-get install chromium chromium-driver; "
					+ ".ci/run installs them), or run with -Dlumiku.browser.optional=true to skip";
			Assumptions.assumeFalse(Boolean.getBoolean("lumiku.browser.optional"), message);
			throw new IllegalStateException(message);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1200,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void loggedOut() {
		open("/console/login");
		browser.manage().deleteAllCookies();
	}

	@Test
	void an_operator_runs_a_job_with_a_parameter_and_watches_it_progress_and_complete() {
		logIn(OPERATOR_TOKEN);
		open("/console/jobs");
		assertThat(browser.findElement(By.id("job-test-slow")).getText()).contains("every year on 1 January at 03:00",
				"0 0 3 1 1 ?", "(Asia/Jakarta)");
		screenshot("jobs");
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		try {
			screenshot("jobs-phone");
			assertThat(((Number) ((org.openqa.selenium.JavascriptExecutor) browser)
				.executeScript("return document.documentElement.scrollWidth")).intValue())
				.as("no sideways scrolling on a phone")
				.isLessThanOrEqualTo(390);
		}
		finally {
			browser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 1000));
		}
		open("/console/jobs/test-slow");
		assertThat(field("items").getAttribute("value")).as("the default comes from the jobs/ file").isEqualTo("40");
		screenshot("job-run-form");
		field("items").clear();
		field("items").sendKeys("30");
		field("delayMillis").clear();
		field("delayMillis").sendKeys("150");
		browser.findElement(By.id("run")).click();

		waitFor(Duration.ofSeconds(10), () -> browser.getCurrentUrl().matches(".*/console/runs/\\d+$"));
		assertThat(text("run-parameters")).contains("items=30", "delayMillis=150");
		// live progress: the page reloads itself while the run goes on; rows done climb
		// and
		// rows left (from the reader's saved count) fall
		waitFor(Duration.ofSeconds(10), () -> rowsDone() > 0 && text("run-status").equals("STARTED"));
		String left = browser.findElement(By.cssSelector(".rows-left")).getText();
		assertThat(Long.parseLong(left)).isBetween(1L, 29L);
		screenshot("run-in-progress");
		waitFor(Duration.ofSeconds(20), () -> text("run-status").equals("COMPLETED"));
		assertThat(rowsDone()).isEqualTo(30);
		assertThat(text("run-worker")).isNotEqualTo("-");
		screenshot("run-completed");
	}

	@Test
	void a_bad_parameter_is_shown_next_to_its_field_and_nothing_runs() {
		logIn(OPERATOR_TOKEN);
		open("/console/jobs/test-slow");
		field("items").clear();
		field("items").sendKeys("lots");
		browser.findElement(By.id("run")).click();
		assertThat(text("error-items")).contains("expected a whole number, got 'lots'");
		assertThat(browser.findElements(By.id("error-delayMillis"))).isEmpty();
		assertThat(field("items").getAttribute("value")).as("the typed value is kept").isEqualTo("lots");
		screenshot("job-bad-parameter");
	}

	@Test
	void a_choice_is_picked_from_its_words_and_a_bad_word_in_a_list_is_shown_with_a_suggestion() {
		logIn(OPERATOR_TOKEN);
		open("/console/jobs/analytics-refresh");
		assertThat(field("mode").getTagName()).isEqualTo("select");
		org.openqa.selenium.support.ui.Select mode = new org.openqa.selenium.support.ui.Select(field("mode"));
		assertThat(mode.getOptions()).extracting(WebElement::getText)
			.containsExactly("(default)", "incremental", "concurrent", "both", "full");
		assertThat(mode.getFirstSelectedOption().getText()).as("the declared default").isEqualTo("both");
		mode.selectByValue("full");
		field("views").clear();
		field("views").sendKeys("daily_usage,revenu_daily");
		browser.findElement(By.id("run")).click();
		assertThat(text("error-views")).contains("unknown value 'revenu_daily'; did you mean 'revenue_daily'?");
		assertThat(browser.getCurrentUrl()).as("nothing ran").doesNotContain("/console/runs/");
		assertThat(new org.openqa.selenium.support.ui.Select(field("mode")).getFirstSelectedOption().getText())
			.as("the picked word is kept")
			.isEqualTo("full");
		screenshot("job-choice-parameter");
	}

	@Test
	void an_operator_stops_a_run_and_restarts_it_from_where_it_stopped() {
		logIn(OPERATOR_TOKEN);
		open("/console/jobs/test-slow");
		field("items").clear();
		field("items").sendKeys("200");
		field("delayMillis").clear();
		field("delayMillis").sendKeys("50");
		browser.findElement(By.id("run")).click();
		waitFor(Duration.ofSeconds(10), () -> browser.getCurrentUrl().matches(".*/console/runs/\\d+$"));
		String stoppedUrl = browser.getCurrentUrl();
		waitFor(Duration.ofSeconds(10), () -> rowsDone() > 0);
		browser.findElement(By.id("stop")).click();
		waitFor(Duration.ofSeconds(20), () -> text("run-status").equals("STOPPED"));
		long doneBeforeRestart = rowsDone();
		screenshot("run-stopped");

		browser.findElement(By.id("restart")).click();
		waitFor(Duration.ofSeconds(10), () -> !browser.getCurrentUrl().equals(stoppedUrl)
				&& browser.getCurrentUrl().matches(".*/console/runs/\\d+$"));
		waitFor(Duration.ofSeconds(30), () -> text("run-status").equals("COMPLETED"));
		assertThat(rowsDone()).as("the restart writes only what the stopped run had left")
			.isEqualTo(200 - doneBeforeRestart);
		screenshot("run-restarted");
		open("/console/runs?job=test-slow&status=STOPPED");
		assertThat(browser.findElements(By.cssSelector(".run-row"))).isNotEmpty()
			.allMatch((row) -> row.getText().contains("STOPPED"));
		screenshot("runs-filtered");
	}

	@Test
	void an_operator_pauses_and_resumes_a_schedule() {
		logIn(OPERATOR_TOKEN);
		open("/console/jobs");
		browser.findElement(By.id("pause-test-slow")).click();
		assertThat(text("notice")).contains("Paused the schedule of test-slow");
		assertThat(browser.findElement(By.id("job-test-slow")).getText()).contains("paused");
		screenshot("jobs-paused");
		browser.findElement(By.id("resume-test-slow")).click();
		// the page before the click says paused: wait for the one after it
		waitFor(Duration.ofSeconds(10),
				() -> !browser.findElement(By.id("job-test-slow")).getText().contains("paused"));
		assertThat(this.jdbc.queryForList(
				"SELECT action FROM lumiku_worker.console_action WHERE target = 'test-slow' AND actor = 'ops'",
				String.class))
			.contains("pause", "resume");
	}

	@Test
	void a_bulk_retry_previews_its_rows_then_retries_them_and_is_audited() {
		failedRows("retry-user", 3);
		logIn(OPERATOR_TOKEN);
		open("/console/queue");
		screenshot("queue");
		new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("retry-app")))
			.selectByValue("looping-flow");
		String since = LocalDateTime.now(ZoneOffset.UTC)
			.minusHours(1)
			.format(DateTimeFormatter.ofPattern("MM/dd/yyyy'\t'hh:mma"));
		browser.findElement(By.id("retry-since")).sendKeys(since);
		browser.findElement(By.id("retry-preview")).click();
		assertThat(text("preview-count")).startsWith("2 rows would change");
		assertThat(text("preview-skipped")).startsWith("1 more failed rows were already refunded");
		assertThat(status("lf-retry-user-0")).as("a preview changes nothing").isEqualTo("failed");
		screenshot("queue-retry-preview");
		browser.findElement(By.id("confirm")).click();
		assertThat(text("notice")).contains("Retried 2 failed rows of looping-flow (previewed 2)");
		assertThat(status("lf-retry-user-0")).isEqualTo("pending");
		assertThat(status("lf-retry-user-2")).as("the refunded row stays failed").isEqualTo("failed");
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.console_action a JOIN lumiku_worker.console_action_row r
				    ON r.action_id = a.id
				WHERE a.action = 'bulk-retry' AND a.actor = 'ops' AND a.status = 'done' AND a.changed = 2""",
				Long.class))
			.isEqualTo(2);
		open("/console/entities?kind=generation&id=lf-retry-user-0");
		assertThat(text("events")).contains("bulk-retry by ops");
		screenshot("entities");
	}

	@Test
	void a_read_only_token_sees_the_pages_but_is_offered_no_action_and_refused_one() {
		logIn(VIEWER_TOKEN);
		open("/console/jobs");
		assertThat(text("who")).isEqualTo("viewer (read-only)");
		assertThat(browser.findElements(By.id("pause-test-slow"))).isEmpty();
		open("/console/jobs/test-slow");
		assertThat(browser.findElements(By.id("run-form"))).isEmpty();
		open("/console/queue");
		assertThat(browser.findElements(By.id("retry-form"))).isEmpty();
		open("/console/cluster");
		assertThat(text("workers")).contains("alive");
		screenshot("cluster");
		// a hand-made form, with this session's own CSRF token, is refused all the same
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
				const form = document.createElement('form');
				form.method = 'post';
				form.action = '/console/jobs/test-slow/pause';
				const csrf = document.createElement('input');
				csrf.name = '_csrf';
				csrf.value = document.querySelector('meta[name=csrf]').content;
				form.appendChild(csrf);
				document.body.appendChild(form);
				form.submit();
				""");
		waitFor(Duration.ofSeconds(5), () -> !browser.findElements(By.id("refused")).isEmpty());
		assertThat(text("refused")).contains("read-only");
		screenshot("read-only-refused");
		assertThat(this.jdbc.queryForObject(
				"SELECT paused FROM (SELECT trigger_state LIKE 'PAUSED%' AS paused FROM lumiku_worker.qrtz_triggers"
						+ " WHERE trigger_name = 'test-slow') t",
				Boolean.class))
			.isFalse();
	}

	@Test
	void a_wrong_token_is_refused_at_the_login_page() {
		open("/console/jobs");
		assertThat(browser.getCurrentUrl()).endsWith("/console/login");
		browser.findElement(By.id("token")).sendKeys("not-a-token-at-all");
		browser.findElement(By.id("login")).click();
		assertThat(text("login-error")).isEqualTo("Unknown token.");
		screenshot("login");
	}

	private void failedRows(String user, int count) {
		TestRows.user(user).insert(this.jdbc);
		TestRows.project("looping_flow_projects", "p-" + user, user).insert(this.jdbc);
		for (int i = 0; i < count; i++) {
			TestRows.loopingFlowGeneration("lf-" + user + "-" + i, "p-" + user, user)
				.set("status", "failed")
				.set("worker_attempts", 3)
				.set("worker_last_error", "handler exited with 1")
				.expression("completedAt", "timezone('UTC', now()) - interval '10 minutes'")
				.insert(this.jdbc);
		}
		// the last one was refunded when it failed: a retry leaves it alone by default
		this.jdbc.update(
				"""
						INSERT INTO lumiku_worker.generation_refund (generation_table, generation_id, user_id, amount, credit_id)
						VALUES ('looping_flow_generations', ?, ?, 1, 'c-refund')""",
				"lf-" + user + "-" + (count - 1), user);
	}

	private String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM looping_flow_generations WHERE id = ?", String.class, id);
	}

	private void logIn(String token) {
		open("/console/login");
		browser.findElement(By.id("token")).sendKeys(token);
		browser.findElement(By.id("login")).click();
		waitFor(Duration.ofSeconds(10), () -> browser.getCurrentUrl().endsWith("/console/jobs"));
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static WebElement field(String parameter) {
		return browser.findElement(By.id("p-" + parameter));
	}

	/**
	 * The text of an element, once the page that has it is shown: a click that submits a
	 * form returns before the next page is there on a loaded machine.
	 */
	private static String text(String id) {
		return new WebDriverWait(browser, Duration.ofSeconds(10))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((driver) -> driver.findElement(By.id(id)).getText().trim());
	}

	/** Rows done of the run's first step, as the page shows them now. */
	private static long rowsDone() {
		return browser.findElements(By.cssSelector(".rows-done"))
			.stream()
			.findFirst()
			.map((cell) -> Long.parseLong(cell.getText().trim()))
			.orElse(0L);
	}

	/** Waits for a condition of the page, which may reload itself meanwhile. */
	private static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
		try {
			new WebDriverWait(browser, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.ignoring(org.openqa.selenium.NoSuchElementException.class)
				.ignoring(NumberFormatException.class)
				.until((driver) -> condition.getAsBoolean());
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("failed-wait");
			throw new AssertionError("Timed out after " + timeout + " on " + browser.getCurrentUrl() + ":\n"
					+ browser.findElement(By.tagName("body")).getText(), ex);
		}
	}

	private static void screenshot(String name) {
		Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		try {
			Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path jobsDirectory() {
		try {
			Path directory = Files.createTempDirectory("lumiku-console-jobs");
			Files.writeString(directory.resolve("test-slow.yml"), """
					job: test-slow
					description: writes items slowly
					cron: "0 0 3 1 1 ?"
					timeZone: Asia/Jakarta
					parameters:
					  items: 40
					  delayMillis: 100
					""");
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
