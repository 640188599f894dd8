package com.lumiku.worker.audit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.lumiku.worker.operator.WorkerCommand;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator audit: every action from the API (by the token's name) and from the CLI on
 * the database (as {@code cli:<OS user>}) is one row with who, when, what and how it
 * ended; parameters are stored as given, as jsonb; {@code jobs audit} and
 * {@code GET /api/audit} show them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.api.tokens=ops:operator:" + OperatorAuditTest.OPS, "lumiku.test-jobs.enabled=true",
				"management.server.port=0" })
class OperatorAuditTest extends WorkerIntegrationTest {

	static final String OPS = "audit-ops-token-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditQueries queries;

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void clearCliEnvironment() {
		System.clearProperty("LUMIKU_API_TOKEN");
	}

	@Test
	void a_run_through_the_api_is_recorded_with_its_parameters_as_jsonb_even_when_they_look_like_sql()
			throws Exception {
		String sneaky = "1'); DROP TABLE lumiku_worker.operator_audit; --";
		HttpResponse<String> refused = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"" + sneaky + "\"}, \"wait\": true}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		HttpResponse<String> ran = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"2\", \"delayMillis\": \"1\"}, \"wait\": true}");
		assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
		long execution = Long.parseLong(ran.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));

		assertThat(this.queries.recent(java.util.Optional.of("test-slow"), java.util.Optional.of("ops"), 10))
			.extracting(AuditEntry::outcome, AuditEntry::parameters, AuditEntry::executionId)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("done", Map.of("items", "2", "delayMillis", "1"),
							java.util.Optional.of(execution)),
					org.assertj.core.groups.Tuple.tuple("failed", Map.of("items", sneaky), java.util.Optional.empty()));
		assertThat(this.jdbc.queryForObject("SELECT parameters->>'items' FROM lumiku_worker.operator_audit"
				+ " WHERE outcome = 'failed' AND actor = 'ops'", String.class))
			.isEqualTo(sneaky);
		assertThat(this.jdbc.queryForObject(
				"SELECT detail FROM lumiku_worker.operator_audit" + " WHERE outcome = 'failed' AND actor = 'ops'",
				String.class))
			.contains("items");
		HttpResponse<String> listed = api("GET", "/api/audit?job=test-slow&limit=5", null);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("\"actor\":\"ops\"", "\"surface\":\"api\"", "\"outcome\":\"done\"",
				"\"executionId\":" + execution);
		assertThat(api("GET", "/api/audit?limit=0", null).statusCode()).isEqualTo(400);
	}

	@Test
	void jobs_audit_against_the_daemon_shows_the_api_actions_by_token_name() throws Exception {
		assertThat(api("POST", "/api/jobs/job-history-prune/pause", null).statusCode()).isEqualTo(200);
		assertThat(api("POST", "/api/jobs/job-history-prune/resume", null).statusCode()).isEqualTo(200);
		assertThat(api("POST", "/api/jobs/runs/987654/stop", null).statusCode()).isEqualTo(404);
		System.setProperty("LUMIKU_API_TOKEN", OPS);
		StringWriter remote = new StringWriter();
		assertThat(cli(remote, "jobs", "audit", "--job", "job-history-prune", "--api", "http://localhost:" + this.port))
			.isZero();
		assertThat(remote.toString()).contains("ACTOR", "ops", "api", "pause", "resume", "done");
		assertThat(
				this.jdbc.queryForObject(
						"SELECT detail FROM lumiku_worker.operator_audit"
								+ " WHERE action = 'stop' AND execution_id = 987654 AND outcome = 'failed'",
						String.class))
			.contains("987654");
	}

	private static int cli(String... arguments) {
		return cli(new StringWriter(), arguments);
	}

	private static int cli(StringWriter output, String... arguments) {
		PrintWriter writer = new PrintWriter(output, true);
		return WorkerCommand.execute(writer, writer, arguments);
	}

	private HttpResponse<String> api(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + OPS)
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
