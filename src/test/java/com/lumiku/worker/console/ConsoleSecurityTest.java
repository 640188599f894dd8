package com.lumiku.worker.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's door over plain HTTP on a real server: redirects to the login page, the
 * session cookie's flags, CSRF on every POST, read-only refusals (audited and counted),
 * logout, the API token logging in as "api", and the API's own behaviour unchanged.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "lumiku.api.token=api-token-for-tests",
		"lumiku.test-jobs.enabled=true", "management.server.port=0",
		"lumiku.console.tokens=ops:operator:operator-token-12345678," + "viewer:read-only:viewer-token-12345678" })
class ConsoleSecurityTest extends WorkerIntegrationTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void the_root_and_every_page_lead_to_the_login_page_without_a_session() throws Exception {
		assertThat(get("/", null).headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/jobs"));
		for (String page : List.of("/console/jobs", "/console/runs", "/console/queue", "/console/entities",
				"/console/cluster", "/console/runs/1")) {
			HttpResponse<String> response = get(page, null);
			assertThat(response.statusCode()).as(page).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(page)
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/login"));
		}
		assertThat(get("/console/console.css", null).statusCode()).isEqualTo(200);
	}

	@Test
	void logging_in_sets_an_http_only_same_site_strict_cookie_and_no_servlet_session() throws Exception {
		HttpResponse<String> login = logIn("operator-token-12345678");
		assertThat(login.statusCode()).isEqualTo(302);
		List<String> cookies = login.headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("LUMIKU_CONSOLE=")
			.contains("Path=/console", "HttpOnly", "SameSite=Strict")
			.doesNotContain("Secure"));
		String session = sessionCookie(login);
		HttpResponse<String> jobs = get("/console/jobs", session);
		assertThat(jobs.statusCode()).isEqualTo(200);
		assertThat(jobs.body()).contains("test-slow", "id=\"who\">ops<");
		assertThat(jobs.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
	}

	@Test
	void a_wrong_token_or_a_login_form_from_elsewhere_opens_no_session() throws Exception {
		assertThat(logIn("operator-token-1234567").statusCode()).isEqualTo(401);
		HttpResponse<String> forged = post("/console/login", null, "token=operator-token-12345678&_csrf=guess");
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("LUMIKU_CONSOLE="));
	}

	@Test
	void every_post_needs_the_sessions_csrf_token() throws Exception {
		String session = sessionCookie(logIn("operator-token-12345678"));
		assertThat(post("/console/jobs/test-slow/pause", session, "").statusCode()).isEqualTo(403);
		assertThat(post("/console/jobs/test-slow/pause", session, "_csrf=wrong").statusCode()).isEqualTo(403);
		String other = csrf(get("/console/jobs", sessionCookie(logIn("operator-token-12345678"))).body());
		assertThat(post("/console/jobs/test-slow/pause", session, "_csrf=" + other).statusCode())
			.as("another session's token")
			.isEqualTo(403);
		String mine = csrf(get("/console/jobs", session).body());
		HttpResponse<String> paused = post("/console/jobs/test-slow/pause", session, "_csrf=" + mine);
		assertThat(paused.statusCode()).isEqualTo(302);
		// the job has no schedule here: pausing a job without a trigger is allowed, as in
		// the API
		assertThat(post("/console/jobs/test-slow/resume", session, "_csrf=" + mine).statusCode()).isEqualTo(302);
		assertThat(this.jdbc.queryForList("""
				SELECT action || ' ' || outcome FROM lumiku_worker.operator_audit
				WHERE actor = 'ops' AND surface = 'console' AND job_name = 'test-slow'""", String.class))
			.as("the operator audit, beside the console's own")
			.contains("pause done", "resume done", "pause refused");
	}

	@Test
	void a_read_only_token_is_refused_every_action_which_is_audited_and_counted() throws Exception {
		String session = sessionCookie(logIn("viewer-token-12345678"));
		HttpResponse<String> jobs = get("/console/jobs", session);
		assertThat(jobs.body()).doesNotContain("Run now", "/pause\"");
		String csrf = csrf(jobs.body());
		for (String action : List.of("/console/jobs/test-slow/run", "/console/runs/1/stop",
				"/console/queue/cancel?userId=u&previewed=1")) {
			HttpResponse<String> refused = post(action, session, "_csrf=" + csrf);
			assertThat(refused.statusCode()).as(action).isEqualTo(403);
			assertThat(refused.body()).contains("read-only");
		}
		assertThat(this.jdbc.queryForList(
				"SELECT action FROM lumiku_worker.console_action WHERE actor = 'viewer' AND status = 'refused'",
				String.class))
			.containsExactlyInAnyOrder("run", "stop", "bulk-cancel");
		assertThat(this.jdbc.queryForList("""
				SELECT action || ' ' || coalesce(job_name, execution_id::text) FROM lumiku_worker.operator_audit
				WHERE actor = 'viewer' AND surface = 'console' AND outcome = 'refused'""", String.class))
			.containsExactlyInAnyOrder("run test-slow", "stop 1");
		assertThat(get("http://localhost:" + this.managementPort + "/actuator/prometheus", null).body())
			.containsPattern("lumiku_console_actions_total\\{[^}]*action=\"run\"[^}]*outcome=\"forbidden\"");
		assertThat(post("/console/logout", session, "_csrf=" + csrf).statusCode()).as("logging out is allowed")
			.isEqualTo(302);
	}

	@Test
	void a_form_over_the_request_size_limit_is_refused_unread() throws Exception {
		HttpResponse<String> huge = post("/console/login", null, "token=" + "x".repeat(70 * 1024));
		assertThat(huge.statusCode()).isEqualTo(413);
	}

	@Test
	void after_logout_the_cookie_opens_nothing() throws Exception {
		String session = sessionCookie(logIn("operator-token-12345678"));
		String csrf = csrf(get("/console/jobs", session).body());
		HttpResponse<String> logout = post("/console/logout", session, "_csrf=" + csrf);
		assertThat(logout.headers().allValues("Set-Cookie")).anyMatch((c) -> c.contains("Max-Age=0"));
		assertThat(get("/console/jobs", session).statusCode()).isEqualTo(302);
	}

	@Test
	void the_api_token_logs_in_as_the_operator_api_and_the_api_is_unchanged() throws Exception {
		String session = sessionCookie(logIn("api-token-for-tests"));
		assertThat(get("/console/jobs", session).body()).contains("id=\"who\">api<");
		HttpRequest api = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/jobs"))
			.header("Authorization", "Bearer api-token-for-tests")
			.build();
		assertThat(this.http.send(api, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		HttpRequest unknown = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/no-such-thing"))
			.header("Authorization", "Bearer api-token-for-tests")
			.build();
		HttpResponse<String> notFound = this.http.send(unknown, HttpResponse.BodyHandlers.ofString());
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(notFound.body()).contains("\"status\":404", "No such API path");
		assertThat(get("/api/jobs", session).statusCode()).as("a console cookie is no API credential").isEqualTo(401);
	}

	@Test
	void console_errors_are_pages_with_the_reason() throws Exception {
		String session = sessionCookie(logIn("operator-token-12345678"));
		HttpResponse<String> unknownJob = get("/console/jobs/no-such-job", session);
		assertThat(unknownJob.statusCode()).isEqualTo(404);
		assertThat(unknownJob.body()).contains("Unknown job &#39;no-such-job&#39;").startsWith("<!DOCTYPE html>");
		assertThat(get("/console/runs/987654", session).statusCode()).isEqualTo(404);
		HttpResponse<String> badTime = get("/console/runs?since=yesterday", session);
		assertThat(badTime.statusCode()).isEqualTo(400);
		assertThat(badTime.body())
			.contains("since must be a UTC time such as 2026-12-01T10:00, got &#39;yesterday&#39;");
	}

	private HttpResponse<String> logIn(String token) throws Exception {
		HttpResponse<String> page = get("/console/login", null);
		String loginCookie = page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("LUMIKU_CONSOLE_LOGIN="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/console/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", loginCookie)
			.POST(HttpRequest.BodyPublishers
				.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&_csrf=" + csrf(page.body())))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String sessionCookie(HttpResponse<String> login) {
		return login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("LUMIKU_CONSOLE="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie: " + login.headers()))
			.split(";")[0];
	}

	private static String csrf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
		return matcher.group(1);
	}

	private HttpResponse<String> get(String path, String cookie) throws Exception {
		String url = path.startsWith("http") ? path : "http://localhost:" + this.port + path;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
