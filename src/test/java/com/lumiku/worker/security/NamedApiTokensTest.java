package com.lumiku.worker.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named API tokens ({@code LUMIKU_API_TOKENS}) on a real server: each token is known by
 * its name, a read-only token reads but every action is a 403 that changes nothing and is
 * audited, {@code LUMIKU_API_TOKEN} is still the operator {@code api}, and near misses
 * are 401s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"lumiku.api.token=" + NamedApiTokensTest.API, "lumiku.api.tokens=ops:operator:" + NamedApiTokensTest.OPS
						+ ", viewer:read-only:" + NamedApiTokensTest.VIEWER,
				"lumiku.test-jobs.enabled=true", "management.server.port=0" })
class NamedApiTokensTest extends WorkerIntegrationTest {

	static final String API = "single-api-token-for-named-tests";

	static final String OPS = "ops-token-0123456789abcdef";

	static final String VIEWER = "viewer-token-0123456789abcdef";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void every_named_token_and_the_single_token_may_read() throws Exception {
		for (String token : List.of(OPS, VIEWER, API)) {
			assertThat(send("GET", "/api/jobs", token).statusCode()).isEqualTo(200);
			assertThat(send("GET", "/api/jobs/test-slow/runs", token).statusCode()).isEqualTo(200);
			assertThat(send("GET", "/api/audit", token).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void a_read_only_token_is_refused_every_action_which_changes_nothing_and_is_audited() throws Exception {
		long executions = this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution",
				Long.class);
		List<String> actions = List.of("/api/jobs/test-tick/runs", "/api/jobs/runs/1/stop", "/api/jobs/runs/1/restart",
				"/api/jobs/job-history-prune/pause", "/api/jobs/job-history-prune/resume", "/api/jobs/reload");
		for (String action : actions) {
			HttpResponse<String> refused = send("POST", action, VIEWER);
			assertThat(refused.statusCode()).as(action).isEqualTo(403);
			assertThat(refused.body()).as(action).contains("token 'viewer' is read-only").doesNotContain(VIEWER);
		}
		assertThat(send("DELETE", "/api/jobs/test-tick", VIEWER).statusCode()).as("any other verb").isEqualTo(403);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.batch_job_execution", Long.class))
			.as("nothing ran")
			.isEqualTo(executions);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.qrtz_paused_trigger_grps", Long.class))
			.as("nothing paused")
			.isZero();
		assertThat(this.jdbc.queryForList("""
				SELECT action || ' ' || coalesce(job_name, '') || coalesce(execution_id::text, '')
				FROM lumiku_worker.operator_audit
				WHERE actor = 'viewer' AND surface = 'api' AND outcome = 'refused' AND detail LIKE '%read-only%'""",
				String.class))
			.containsExactlyInAnyOrder("run test-tick", "stop 1", "restart 1", "pause job-history-prune",
					"resume job-history-prune", "reload ");
	}

	@Test
	void the_operator_token_acts_and_is_audited_by_its_name_and_the_single_token_as_api() throws Exception {
		HttpResponse<String> ran = send("POST", "/api/jobs/test-tick/runs", OPS, "{\"wait\": true}");
		assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
		long execution = Long.parseLong(ran.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));
		assertThat(send("POST", "/api/jobs/reload", API).statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM lumiku_worker.operator_audit WHERE actor = 'ops' AND action = 'run'"
						+ " AND job_name = 'test-tick' AND execution_id = ? AND outcome = 'done'",
				Long.class, execution))
			.isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM lumiku_worker.operator_audit"
				+ " WHERE actor = 'api' AND action = 'reload' AND outcome = 'done'", Long.class))
			.isOne();
	}

	@Test
	void near_misses_of_a_token_are_401s_that_name_no_token() throws Exception {
		for (String token : List.of(OPS.substring(1), OPS + "x", OPS.toUpperCase(), "ops", "", VIEWER + OPS,
				"ops:operator:" + OPS)) {
			HttpResponse<String> response = send("GET", "/api/jobs", token);
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(response.body()).doesNotContain(OPS, VIEWER, API);
		}
		HttpRequest basic = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/jobs"))
			.header("Authorization", "Basic " + OPS)
			.build();
		assertThat(this.http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> send(String method, String path, String token) throws Exception {
		return send(method, path, token, null);
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
