package com.lumiku.worker.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.lumiku.worker.scheduling.JobRuns;
import com.lumiku.worker.scheduling.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus and health are served on the management port, the database included. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorEndpointsTest extends WorkerIntegrationTest {

	@LocalManagementPort
	int managementPort;

	@Autowired
	JobRuns runs;

	@Test
	void prometheus_exposes_jvm_pool_and_spring_batch_metrics() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes", "hikaricp_connections_active",
				"application=\"lumiku-worker\"");
	}

	@Test
	void a_run_shows_in_the_job_metrics_and_in_spring_batchs_own() throws Exception {
		JobExecution execution = this.runs.run(RunRequest.manual("job-history-prune", Map.of()));
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		String body = get("/actuator/prometheus").body();
		assertThat(body).containsPattern(
				"lumiku_job_runs_total\\{application=\"lumiku-worker\",job=\"job-history-prune\",status=\"COMPLETED\"} [1-9]")
			.containsPattern("spring_batch_job_seconds_count\\{[^}]*job_name=\"job-history-prune\"")
			.containsPattern("spring_batch_step_seconds_count\\{[^}]*step_name=\"prune-batch-history\"");
	}

	@Test
	void job_gauges_are_numbers_before_any_run_not_nan() throws Exception {
		String body = get("/actuator/prometheus").body();
		assertThat(body).contains("lumiku_job_running{application=\"lumiku-worker\",job=\"job-history-prune\"} 0.0")
			.contains(
					"lumiku_job_last_success_timestamp_seconds{application=\"lumiku-worker\",job=\"job-history-prune\"} 0.0");
	}

	@Test
	void health_is_up_and_includes_the_database() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("PostgreSQL");
	}

	@Test
	void every_metric_the_grafana_dashboards_query_is_exported() throws Exception {
		String scrape = get("/actuator/prometheus").body();
		Pattern metric = Pattern.compile("\\b((?:lumiku|hikaricp|spring_batch)_[a-z_]+)");
		Set<String> queried = new TreeSet<>();
		try (Stream<Path> dashboards = Files.list(Path.of("grafana"))) {
			for (Path dashboard : dashboards.filter((p) -> p.toString().endsWith(".json")).toList()) {
				Matcher matcher = metric.matcher(Files.readString(dashboard));
				while (matcher.find()) {
					queried.add(matcher.group(1));
				}
			}
		}
		assertThat(queried).as("metrics the dashboards query").isNotEmpty();
		assertThat(queried).allSatisfy((name) -> assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{"));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
