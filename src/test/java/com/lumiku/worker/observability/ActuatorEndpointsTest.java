package com.lumiku.worker.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.lumiku.worker.run.JobRuns;
import com.lumiku.worker.run.RunRequest;
import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus and health are served on the management port, the database included. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ActuatorEndpointsTest extends WorkerIntegrationTest {

	@LocalManagementPort
	int managementPort;

	@Autowired
	JobRuns runs;

	@Autowired
	JdbcTemplate jdbc;

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
				"lumiku_job_runs_total\\{application=\"lumiku-worker\",job_name=\"job-history-prune\",status=\"COMPLETED\"} [1-9]")
			.containsPattern("spring_batch_job_seconds_count\\{[^}]*job_name=\"job-history-prune\"")
			.containsPattern("spring_batch_step_seconds_count\\{[^}]*step_name=\"prune-batch-history\"");
	}

	@Test
	void job_gauges_are_numbers_before_any_run_not_nan() throws Exception {
		// whatever ran before (this class's other tests run job-history-prune): no job
		// gauge reads NaN, and a job with no execution in the repository reads 0
		List<Sample> gauges = samples(get("/actuator/prometheus").body()).stream()
			.filter((sample) -> sample.name().equals("lumiku_job_running")
					|| sample.name().equals("lumiku_job_last_success_timestamp_seconds"))
			.toList();
		assertThat(gauges).extracting(Sample::value).isNotEmpty().allSatisfy((value) -> assertThat(value).isNotNaN());
		List<String> ran = this.jdbc.queryForList("SELECT DISTINCT job_name FROM lumiku_worker.batch_job_instance",
				String.class);
		List<Sample> neverRun = gauges.stream()
			.filter((sample) -> !ran.contains(sample.labels().get("job_name")))
			.toList();
		assertThat(neverRun).extracting((sample) -> sample.labels().get("job_name"))
			.as("jobs no test of this class runs")
			.contains("payment-expiry");
		assertThat(neverRun).allSatisfy((sample) -> assertThat(sample.value()).as(sample.toString()).isZero());
	}

	@Test
	void no_sample_carries_prometheus_target_label_job_and_every_per_job_meter_carries_job_name() throws Exception {
		// Prometheus sets "job" (the scrape job) on every series it scrapes and renames a
		// sample's own "job" to "exported_job": per-job panels would collapse into one
		List<Sample> samples = samples(get("/actuator/prometheus").body());
		assertThat(samples).isNotEmpty();
		assertThat(samples).filteredOn((sample) -> sample.labels().containsKey("job"))
			.as("samples labelled job")
			.isEmpty();
		List<Sample> perJob = samples.stream()
			.filter((sample) -> sample.name().startsWith("lumiku_job_") || sample.name().startsWith("lumiku_bulk_"))
			.toList();
		assertThat(perJob).extracting(Sample::name)
			.contains("lumiku_job_running", "lumiku_job_last_success_timestamp_seconds", "lumiku_job_runs_total",
					"lumiku_job_skipped_total", "lumiku_bulk_rows_total", "lumiku_bulk_rows_remaining");
		assertThat(perJob).filteredOn((sample) -> !sample.labels().containsKey("job_name"))
			.as("per-job samples without job_name")
			.isEmpty();
		assertThat(perJob).extracting((sample) -> sample.labels().get("job_name"))
			.contains("job-history-prune", "payment-expiry", "quota-reset", "session-cleanup");
	}

	@Test
	void health_is_up_and_includes_the_database() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("PostgreSQL");
	}

	@Test
	void every_metric_the_dashboards_and_alerts_query_is_exported() throws Exception {
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
		Matcher alerts = metric.matcher(Files.readString(Path.of("config", "prometheus", "alerts.yml")));
		while (alerts.find()) {
			queried.add(alerts.group(1));
		}
		assertThat(queried).as("metrics the dashboards and alerts query").isNotEmpty();
		// the generation queue registers its metrics where it runs (serve, with apps
		// enabled), and the lumiku_db_* gauges have series once a db-maintenance run
		// recorded figures: PrometheusDashboardsProcessTest finds both in two daemons
		// through Prometheus
		assertThat(queried).filteredOn((name) -> !name.startsWith("lumiku_generation_"))
			.filteredOn((name) -> !name.startsWith("lumiku_db_"))
			.isNotEmpty()
			.filteredOn((name) -> !Pattern.compile("(?m)^" + name + "\\{").matcher(scrape).find())
			.as("metrics the dashboards and alerts query that the worker does not export")
			.isEmpty();
	}

	/** One sample line of the Prometheus text format. */
	record Sample(String name, Map<String, String> labels, double value) {
	}

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	static List<Sample> samples(String scrape) {
		List<Sample> samples = new ArrayList<>();
		for (String line : scrape.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as("a sample line: " + line).isTrue();
			Map<String, String> labels = new LinkedHashMap<>();
			Matcher label = LABEL.matcher((sample.group(2) != null) ? sample.group(2) : "");
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			samples.add(new Sample(sample.group(1), labels, value(sample.group(3))));
		}
		return samples;
	}

	private static double value(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
