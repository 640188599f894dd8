package com.lumiku.worker.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.lumiku.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's metrics as a real Prometheus stores them, under the scrape config of
 * {@code grafana/README.md}: one series per job, told apart by {@code job_name}, and the
 * target label {@code job} left to Prometheus. Skipped where no {@code prometheus} binary
 * is on the PATH (Debian: {@code apt-get install prometheus}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class PrometheusScrapeTest extends WorkerIntegrationTest {

	private static final Pattern JOB_NAME = Pattern.compile("\"job_name\":\"([^\"]+)\"");

	@LocalManagementPort
	int managementPort;

	@TempDir
	Path directory;

	private Process prometheus;

	@AfterEach
	void stopPrometheus() throws InterruptedException {
		if (this.prometheus != null) {
			this.prometheus.destroy();
			if (!this.prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.prometheus.destroyForcibly().waitFor();
			}
		}
	}

	@Test
	void prometheus_keeps_one_series_per_job_labelled_job_name_and_its_own_job_label() throws Exception {
		Optional<Path> binary = onPath("prometheus");
		assumeThat(binary).as("prometheus on the PATH").isPresent();
		int port = freePort();
		Path config = this.directory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				scrape_configs:
				  - job_name: lumiku-worker
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(this.managementPort));
		this.prometheus = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + this.directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("prometheus.log").toFile())
			.start();

		String query = "count by (job, job_name, exported_job) (lumiku_job_running)";
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.failFast("prometheus exited", () -> !this.prometheus.isAlive())
			.ignoreExceptions()
			.until(() -> query(port, query).contains("\"metric\""));

		String result = query(port, query);
		assertThat(result).as("series stored by Prometheus").doesNotContain("exported_job");
		assertThat(JOB_NAME.matcher(result).results().map((match) -> match.group(1))).containsExactlyInAnyOrder(
				"analytics-refresh", "job-history-prune", "payment-expiry", "quota-reset", "session-cleanup",
				"subscription-expiry", "subscription-renewal");
		assertThat(result).contains("\"job\":\"lumiku-worker\"");
	}

	private static String query(int port, String promql) throws IOException, InterruptedException {
		URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
				+ URLEncoder.encode(promql, StandardCharsets.UTF_8));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static Optional<Path> onPath(String command) {
		return List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
			.stream()
			.map((entry) -> Path.of(entry, command))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
