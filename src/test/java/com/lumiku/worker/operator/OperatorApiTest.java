package com.lumiku.worker.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator HTTP API end to end on a real server: authentication, every control, the
 * JSON errors with fitting status codes, and the job metrics they produce, scraped from
 * Prometheus.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lumiku.api.token=s3cret", "lumiku.test-jobs.enabled=true", "management.server.port=0" })
class OperatorApiTest extends WorkerIntegrationTest {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void calls_without_the_right_token_are_refused() throws Exception {
		assertThat(send("GET", "/api/jobs", null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> wrong = send("GET", "/api/jobs", null, "guess");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("Missing or wrong bearer token");
	}

	@Test
	void list_shows_every_job() throws Exception {
		HttpResponse<String> response = api("GET", "/api/jobs", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"job-history-prune\"", "\"name\":\"test-slow\"");
	}

	@Test
	void an_unknown_job_is_a_404_with_the_known_jobs() throws Exception {
		HttpResponse<String> response = api("POST", "/api/jobs/no-such-job/runs", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("Unknown job 'no-such-job'", "job-history-prune");
	}

	@Test
	void a_bad_parameter_is_a_400_naming_it() throws Exception {
		HttpResponse<String> response = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"lots\"}, \"wait\": true}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Invalid job parameters", "items");
		assertThat(api("GET", "/api/jobs/runs/notanumber", null).statusCode()).isEqualTo(400);
		assertThat(api("GET", "/api/jobs/runs/999999", null).statusCode()).isEqualTo(404);
	}

	@Test
	void a_word_outside_a_choice_is_a_400_and_an_exit_1_with_a_suggestion_and_nothing_launched() throws Exception {
		long executions = executions("analytics-refresh");
		HttpResponse<String> response = api("POST", "/api/jobs/analytics-refresh/runs",
				"{\"parameters\": {\"mode\": \"fulll\"}, \"wait\": true}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("Invalid job parameters", "parameter 'mode': unknown value 'fulll';"
				+ " did you mean 'full'? expected one of: incremental, concurrent, both, full");

		System.setProperty("LUMIKU_API_TOKEN", "s3cret");
		StringWriter out = new StringWriter();
		try {
			assertThat(cli(out, "jobs", "run", "analytics-refresh", "mode=fulll", "views=revenu_daily", "--api",
					"http://localhost:" + this.port))
				.as(out.toString())
				.isEqualTo(1);
		}
		finally {
			System.clearProperty("LUMIKU_API_TOKEN");
		}
		assertThat(out.toString()).contains("did you mean 'full'?", "did you mean 'revenue_daily'?");
		assertThat(executions("analytics-refresh")).as("no execution was created").isEqualTo(executions);
		String metrics = send("GET", "http://localhost:" + this.managementPort + "/actuator/prometheus", null, null)
			.body();
		assertThat(metrics).as("a refused parameter is not a launch failure")
			.containsPattern("lumiku_job_launch_failures_total\\{[^}]*job_name=\"analytics-refresh\"[^}]*\\} 0\\.0\n");
	}

	private long executions(String job) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM lumiku_worker.batch_job_execution e
				JOIN lumiku_worker.batch_job_instance i USING (job_instance_id) WHERE i.job_name = ?""", Long.class,
				job);
	}

	@Test
	void run_stop_restart_and_metrics_through_the_api() throws Exception {
		HttpResponse<String> started = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"30\", \"delayMillis\": \"100\"}}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		long id = Long.parseLong(started.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));

		HttpResponse<String> again = api("POST", "/api/jobs/test-slow/runs", "{}");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("already running");

		assertThat(api("POST", "/api/jobs/runs/" + id + "/stop", null).statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api("GET", "/api/jobs/runs/" + id, null).body().contains("\"status\":\"STOPPED\""));

		HttpResponse<String> restarted = api("POST", "/api/jobs/runs/" + id + "/restart?wait=true", null);
		assertThat(restarted.statusCode()).isEqualTo(200);
		assertThat(restarted.body()).contains("\"status\":\"COMPLETED\"");

		HttpResponse<String> history = api("GET", "/api/jobs/test-slow/runs?limit=5", null);
		assertThat(history.body()).contains("\"status\":\"STOPPED\"", "\"status\":\"COMPLETED\"");

		String metrics = send("GET", "http://localhost:" + this.managementPort + "/actuator/prometheus", null, null)
			.body();
		assertThat(metrics).containsPattern(
				"lumiku_job_runs_total\\{[^}]*job_name=\"test-slow\"[^}]*status=\"COMPLETED\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern(
				"lumiku_job_runs_total\\{[^}]*job_name=\"test-slow\"[^}]*status=\"STOPPED\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern("lumiku_job_duration_seconds_count\\{[^}]*job_name=\"test-slow\"");
	}

	@Test
	void a_background_restart_answers_with_the_new_execution_running() throws Exception {
		HttpResponse<String> started = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"30\", \"delayMillis\": \"100\"}}");
		long id = Long.parseLong(started.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));
		api("POST", "/api/jobs/runs/" + id + "/stop", null);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api("GET", "/api/jobs/runs/" + id, null).body().contains("\"status\":\"STOPPED\""));

		HttpResponse<String> restarted = api("POST", "/api/jobs/runs/" + id + "/restart", null);
		assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(202);
		long newId = Long.parseLong(restarted.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));
		assertThat(newId).as("the answer is the new execution, not the stopped one").isGreaterThan(id);
		assertThat(restarted.body()).doesNotContain("\"status\":\"STOPPED\"");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api("GET", "/api/jobs/runs/" + newId, null).body().contains("\"status\":\"COMPLETED\""));
	}

	@Test
	void restarting_a_completed_run_is_a_409_with_the_reason_with_or_without_wait() throws Exception {
		HttpResponse<String> completed = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"2\", \"delayMillis\": \"1\"}, \"runKey\": \"done-once\", \"wait\": true}");
		assertThat(completed.body()).contains("\"status\":\"COMPLETED\"");
		long id = Long.parseLong(completed.body().replaceAll(".*\"executionId\":(\\d+).*", "$1"));

		for (String path : new String[] { "/restart", "/restart?wait=true" }) {
			HttpResponse<String> restarted = api("POST", "/api/jobs/runs/" + id + path, null);
			assertThat(restarted.statusCode()).as(path + ": " + restarted.body()).isEqualTo(409);
			assertThat(restarted.body()).as(path).contains("COMPLETED");
		}
	}

	@Test
	void a_background_run_that_cannot_start_answers_with_its_own_reason() throws Exception {
		api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"2\", \"delayMillis\": \"1\"}, \"runKey\": \"period-1\", \"wait\": true}");

		HttpResponse<String> again = api("POST", "/api/jobs/test-slow/runs",
				"{\"parameters\": {\"items\": \"2\", \"delayMillis\": \"1\"}, \"runKey\": \"period-1\"}");

		assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
		assertThat(again.body()).contains("already completed run key 'period-1'");
	}

	@Test
	void the_cli_drives_a_running_daemon_through_the_api() {
		String api = "http://localhost:" + this.port;
		System.setProperty("LUMIKU_API_TOKEN", "s3cret");
		try {
			StringWriter out = new StringWriter();
			int started = cli(out, "jobs", "run", "test-slow", "items=4", "delayMillis=1", "--api", api, "--no-wait");
			assertThat(started).as(out.toString()).isZero();
			assertThat(out.toString()).contains("test-slow");
			// one run of a job at a time: let the first end before the next
			await().atMost(Duration.ofSeconds(20))
				.until(() -> api("GET", "/api/jobs/test-slow", null).body().contains("\"running\":0"));
			StringWriter waited = new StringWriter();
			assertThat(cli(waited, "jobs", "run", "test-slow", "items=4", "delayMillis=1", "--api", api))
				.as(waited.toString())
				.isZero();
			assertThat(waited.toString()).contains("COMPLETED");
			StringWriter bad = new StringWriter();
			assertThat(cli(bad, "jobs", "run", "test-slow", "items=many", "--api", api)).isEqualTo(1);
			assertThat(bad.toString()).contains("items");
			System.setProperty("LUMIKU_API_TOKEN", "wrong");
			StringWriter refused = new StringWriter();
			assertThat(cli(refused, "jobs", "list", "--api", api)).isEqualTo(1);
			assertThat(refused.toString()).contains("Missing or wrong bearer token");
		}
		finally {
			System.clearProperty("LUMIKU_API_TOKEN");
		}
	}

	private static int cli(StringWriter output, String... arguments) {
		PrintWriter writer = new PrintWriter(output, true);
		return WorkerCommand.execute(writer, writer, arguments);
	}

	@Test
	void pause_and_resume_are_reflected_in_the_job_view() throws Exception {
		HttpResponse<String> paused = api("POST", "/api/jobs/job-history-prune/pause", null);
		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(api("POST", "/api/jobs/job-history-prune/resume", null).statusCode()).isEqualTo(200);
		assertThat(api("POST", "/api/jobs/no-such-job/pause", null).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> api(String method, String path, String body) throws Exception {
		return send(method, path, body, "s3cret");
	}

	private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
		String url = path.startsWith("http") ? path : "http://localhost:" + this.port + path;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
